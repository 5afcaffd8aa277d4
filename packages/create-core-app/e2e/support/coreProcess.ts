import path from 'node:path';
import { WatchedProcess } from '@core/test-support';

/**
 * A `core` command run in a scaffolded project, through the project's own
 * `node_modules/@core/cli` as `npm run dev` would; its output is kept for waits and for failure
 * messages.
 */
export class CoreProcess extends WatchedProcess {
  constructor(projectDir: string, args: string[], env: Record<string, string | undefined> = {}) {
    super(process.execPath, [path.join(projectDir, 'node_modules/@core/cli/bin/core.js'), ...args], {
      cwd: projectDir,
      env: { NO_COLOR: '1', FORCE_COLOR: undefined, PORT: undefined, ...env },
    });
  }
}
