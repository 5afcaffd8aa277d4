import { existsSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cliError.js';

const CANDIDATES = ['src/app.ts', 'src/app.tsx', 'src/app.js', 'src/app.mjs'];

/** The app module of a project (`src/app.ts` or a .tsx/.js/.mjs twin); a clear error when missing. */
export function findAppEntry(root: string): string {
  for (const candidate of CANDIDATES) {
    if (existsSync(path.join(root, candidate))) return candidate;
  }
  throw new CliError(
    `No src/app.ts in ${root}. Create it and export the app: export const app = createApp({ states: [...] });`,
  );
}
