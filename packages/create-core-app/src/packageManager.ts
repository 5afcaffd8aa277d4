/** The package managers the command knows how to drive. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const KNOWN: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

/**
 * The package manager that started the command, read from `npm_config_user_agent` (every one of
 * them sets it, e.g. `pnpm/9.1.0 npm/? node/v20.19.0 linux x64`); `npm` when unknown or unset.
 *
 * @example
 * detectPackageManager('yarn/1.22.22 npm/? node/v20.19.0 darwin arm64'); // 'yarn'
 */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return KNOWN.find((known) => known === name) ?? 'npm';
}

/** How to run a package.json script with `manager`, as typed in a shell (`npm run dev`, `pnpm dev`). */
export function runScriptCommand(manager: PackageManager, script: string): string {
  return manager === 'npm' || manager === 'bun' ? `${manager} run ${script}` : `${manager} ${script}`;
}
