import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Kept when a folder counts as empty and when `--force` empties it. */
const KEPT = new Set(['.git']);

/** Whether a project can be written to `dir` as is: it is missing, or empty apart from `.git`. */
export function isEmptyFolder(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) return false;
  return readdirSync(dir).every((entry) => KEPT.has(entry));
}

/** Removes everything in `dir` except `.git` (what `--force` does before writing). */
export function emptyFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    rmSync(dir, { force: true });
    return;
  }
  for (const entry of readdirSync(dir)) {
    if (!KEPT.has(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}
