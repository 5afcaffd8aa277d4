import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CoreServer, createServer } from '@core/server';
import type { App } from '@core/state';
import { CliError } from './cliError.js';
import { configureScaleOut } from './configureScaleOut.js';
import { listen } from './listen.js';
import { memoryStateFile, restoreMemoryState, saveMemoryState } from './memoryStateFile.js';
import { createBuiltPageRenderer } from './pageRenderers.js';
import { resolveAppModule } from './resolveApp.js';

/** Options of {@link startProductionServer}. */
export interface StartOptions {
  /** The project folder. @default process.cwd() */
  root?: string;
  /** Where `core build` wrote. @default 'dist' */
  outDir?: string;
  /** @default process.env.PORT ?? 3000 */
  port?: number;
  /** @default process.env.HOST ?? '0.0.0.0' */
  host?: string;
}

/**
 * `core start`: serves the built client and the state server on one port. `REDIS_URL` switches to
 * the Redis state manager and adapter (several processes behind any load balancer).
 */
export async function startProductionServer(
  options: StartOptions = {},
): Promise<{ url: string; port: number; app: App; server: CoreServer; close(): Promise<void> }> {
  const root = path.resolve(options.root ?? process.cwd());
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const serverEntry = path.join(outDir, 'server', 'app.js');
  if (!existsSync(serverEntry)) {
    throw new CliError(`No build in ${outDir}; run \`core build\` first.`);
  }
  const { app, middlewares } = resolveAppModule(await import(pathToFileURL(serverEntry).href), serverEntry);
  const scaleOut = await configureScaleOut(app);
  const stateFile = memoryStateFile(root);
  restoreMemoryState(app, stateFile);
  const server = createServer({
    app,
    staticDir: path.join(outDir, 'client'),
    dev: false,
    cwd: root,
    middlewares: [...middlewares],
    socket: scaleOut.socket,
    pages: await createBuiltPageRenderer(outDir),
    trustProxy: process.env.CORE_TRUST_PROXY === '1',
  });
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? '0.0.0.0';
  let address: { port: number; url: string };
  try {
    address = await listen(server, port, host);
    process.env.CORE_ORIGIN ??= `http://127.0.0.1:${address.port}`;
  } catch (error) {
    await server.close();
    await scaleOut.close();
    throw error;
  }
  return {
    ...address,
    app,
    server,
    async close() {
      await server.close(); // tasks stopped, running handlers finished: now the state is final
      saveMemoryState(app, stateFile);
      await scaleOut.close();
    },
  };
}
