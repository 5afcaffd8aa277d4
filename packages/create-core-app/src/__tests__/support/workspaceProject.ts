export { freePort } from '@core/test-support';

import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** The real `create-core-app` binary (it runs the built `dist/`: build with `npx tsc -b` first). */
export const CREATE_BIN = path.join(REPO_ROOT, 'packages/create-core-app/bin/create-core-app.js');

/** A fresh folder under the OS temp folder; remove it with `removeTempDir`. */
export function makeTempDir(prefix = 'create-core-app-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a folder made by `makeTempDir`, whatever it holds. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs the real binary in `cwd` without a terminal (so it never prompts) and waits for it.
 * Installs are skipped unless `env` says otherwise.
 */
export function runCreate(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [CREATE_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CREATE_CORE_APP_SKIP_INSTALL: '1', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Makes the workspace's packages resolvable from a scaffolded project, without a registry: the
 * project gets its own `node_modules` folder holding one symlink per entry of the monorepo's
 * `node_modules` (where `@core/*` already link to `packages/*`). It is instant and needs no
 * network, unlike packing and installing; and as a real folder (not one symlink to the
 * monorepo's) it keeps the project's own caches (`node_modules/.vite`) inside the project.
 */
export function linkWorkspaceModules(projectDir: string): void {
  const source = path.join(REPO_ROOT, 'node_modules');
  const target = path.join(projectDir, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === '.cache' || entry === '.vite' || entry === '.package-lock.json') continue;
    symlinkSync(path.join(source, entry), path.join(target, entry));
  }
}

/**
 * A project of `template` written by the real binary into a fresh temporary folder, with the
 * workspace's packages linked in (see {@link linkWorkspaceModules}); remove `tempDir` when done.
 */
export function scaffoldLinkedProject(template: string, prefix: string): { tempDir: string; project: string } {
  const tempDir = makeTempDir(prefix);
  const created = runCreate(['my-app', '--template', template, '--no-install'], tempDir);
  if (created.status !== 0) throw new Error(`create-core-app failed: ${created.stderr}`);
  const project = path.join(tempDir, 'my-app');
  linkWorkspaceModules(project);
  return { tempDir, project };
}
