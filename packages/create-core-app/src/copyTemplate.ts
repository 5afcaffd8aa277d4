import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files stored under another name in the package: npm leaves `.gitignore` out of published
 * packages (and would apply it), so templates keep it as `_gitignore`; `.dockerignore` is stored as
 * `_dockerignore` alike, so no tool reading the package's own folder applies it by mistake.
 */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', _dockerignore: '.dockerignore' };

/** Left behind when a template was run in place. */
const SKIPPED = new Set(['node_modules', 'dist', '.core']);

/**
 * Copies a template folder into `target` (created when missing), renaming stored dotfiles.
 * Returns the paths written, relative to `target`, with `/` separators.
 */
export function copyTemplate(source: string, target: string): string[] {
  const written: string[] = [];
  const copy = (from: string, to: string, relative: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const name = RENAMES[entry.name] ?? entry.name;
      const rel = relative ? `${relative}/${name}` : name;
      if (entry.isDirectory()) {
        copy(path.join(from, entry.name), path.join(to, name), rel);
      } else if (entry.isFile()) {
        // Read and write rather than copyFile: some file systems (FUSE mounts such as fusefat, some
        // network shares) have no copyfile(2), and a template's files are small.
        writeFileSync(path.join(to, name), readFileSync(path.join(from, entry.name)));
        written.push(rel);
      }
    }
  };
  copy(source, target, '');
  return written.sort();
}
