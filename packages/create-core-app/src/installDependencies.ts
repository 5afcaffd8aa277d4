import { spawn } from 'node:child_process';
import { CreateCoreAppError } from './createCoreAppError.js';
import type { PackageManager } from './packageManager.js';

/** Options of {@link installDependencies}. */
export interface InstallOptions {
  /** The project folder. */
  root: string;
  /** @default 'npm' */
  packageManager?: PackageManager;
  /** Where the package manager's output goes: `'inherit'` shows its progress. @default 'inherit' */
  stdio?: 'inherit' | 'ignore';
}

/**
 * Runs `<manager> install` in the project, its progress shown in the terminal. Rejects with
 * `CreateCoreAppError` code `INSTALL_FAILED` when it cannot start or exits with an error.
 */
export function installDependencies(options: InstallOptions): Promise<void> {
  const manager = options.packageManager ?? 'npm';
  const failed = (why: string, cause?: unknown) =>
    new CreateCoreAppError('INSTALL_FAILED', `${manager} install ${why} in ${options.root}; run it there yourself.`, {
      cause,
    });
  return new Promise((resolve, reject) => {
    const child = spawn(manager, ['install'], {
      cwd: options.root,
      stdio: options.stdio ?? 'inherit',
      // npm, pnpm and yarn are .cmd shims on Windows, which only a shell can start.
      shell: process.platform === 'win32',
    });
    child.once('error', (error) => reject(failed(`could not start (${error.message})`, error)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(failed(signal ? `was stopped by ${signal}` : `failed with exit code ${code}`));
    });
  });
}
