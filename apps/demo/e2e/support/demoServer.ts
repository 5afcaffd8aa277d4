import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer } from '@core/test-support';

const demoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A demo server process (`core start` on the built demo, or `core dev`), restartable on the same port. */
export type DemoServer = AppServer;

/** Starts the demo: `core start` (or `core dev`) on a free port; `args` go to the command too. */
export const DemoServer = {
  start(
    env: Record<string, string> = {},
    mode: 'start' | 'dev' = 'start',
    args: readonly string[] = [],
  ): Promise<DemoServer> {
    return AppServer.start(demoRoot, { env, mode, args });
  },
};
