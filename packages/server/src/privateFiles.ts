import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file only its owner may read (0600), creating missing folders as only its owner may
 * enter them (0700). A `.core` folder (where `.core/secret` and `.core/state.json` live) that
 * exists with wider permissions is narrowed to 0700; other existing folders are left alone.
 */
export function writePrivateFile(file: string, contents: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (path.basename(dir) === '.core') chmodSync(dir, 0o700); // e.g. made 0755 by an older version
  writeFileSync(file, contents, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode otherwise
}
