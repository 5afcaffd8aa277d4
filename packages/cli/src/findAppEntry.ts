import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cliError.js';

/** The app module's names, in the order looked for: `server`, then `app` (its name before; still read). */
const NAMES = ['server', 'app'];
const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs'];
/** What a resolver tries after an import without extension (`import { App } from './App'`). */
const MODULE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json']);

/**
 * The app module of a project, relative to it: `src/server.ts` (or a .tsx/.js/.mjs twin), else the
 * older `src/app.ts` (or a twin). Names are compared as the folder lists them, so a case-insensitive
 * file system (macOS, Windows) cannot pass `src/App.tsx` off as `src/app.tsx`.
 * @throws CliError when there is none, or when a module beside it differs from it only in case
 * (`src/app.ts` beside `src/App.tsx`): on macOS and Windows `import './App'` would load the app
 * module into the page, so that layout fails everywhere rather than only there.
 */
export function findAppEntry(root: string): string {
  const entries = listSrc(root);
  for (const name of NAMES) {
    for (const extension of EXTENSIONS) {
      const file = `${name}${extension}`;
      if (!entries.includes(file)) continue;
      const twin = entries.find((entry) => differsOnlyInCase(entry, name));
      if (twin) {
        const fix = name === 'app' ? `rename src/${file} to src/server${extension}` : `rename src/${twin}`;
        throw new CliError(
          `src/${file} and src/${twin} differ only in case, so on macOS and Windows import './${stem(twin)}' loads the app module; ${fix}.`,
        );
      }
      return `src/${file}`;
    }
  }
  throw new CliError(
    `No src/server.ts in ${root}. Create it and export the app: export const app = createApp({ states: [...] });`,
  );
}

function listSrc(root: string): string[] {
  try {
    return readdirSync(path.join(root, 'src'));
  } catch {
    return [];
  }
}

function stem(file: string): string {
  const extension = path.extname(file);
  return MODULE_EXTENSIONS.has(extension) ? file.slice(0, -extension.length) : file;
}

/** A module (or a folder) whose import name equals `name` but for case. */
function differsOnlyInCase(entry: string, name: string): boolean {
  const entryName = stem(entry);
  return entryName !== name && entryName.toLowerCase() === name.toLowerCase();
}
