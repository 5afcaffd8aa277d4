import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT, removeTempDir } from './support/workspaceProject.js';

// On a case-insensitive file system (macOS, Windows) `App.tsx` and `app.ts` are one name to a
// resolver: `import { App } from './App'` tries `App.ts` first and finds `app.ts`. Templates, the
// demo, the examples and the bench fixtures are copied by users, so none may hold such a pair; the
// whole repository is checked (a pair anywhere also breaks a contributor's checkout on macOS).

/** Extensions a resolver tries after a bare import path (Vite's defaults, plus `.cjs`/`.cts`). */
const MODULE_EXTENSIONS = new Set(['.mjs', '.js', '.mts', '.ts', '.jsx', '.tsx', '.json', '.cjs', '.cts']);
/** Generated or installed folders: not the project's own files. */
const SKIPPED = new Set(['node_modules', 'dist', '.git', '.core', '.turbo', 'test-results', 'playwright-report']);

/** The name an import without extension uses for an entry: a module's name without it, a folder's name. */
function importName(name: string, isDirectory: boolean): string | undefined {
  if (isDirectory) return name;
  const extension = path.extname(name);
  return MODULE_EXTENSIONS.has(extension) ? name.slice(0, -extension.length) : undefined;
}

/** Every folder under `root` with pairs of entries a case-insensitive file system cannot tell apart. */
function findCaseClashes(root: string): string[] {
  const clashes: string[] = [];
  const visit = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => !SKIPPED.has(entry.name));
    const seen = new Map<string, { name: string; entry: string }>();
    const note = (key: string, name: string, entry: string) => {
      const other = seen.get(key);
      if (other === undefined) seen.set(key, { name, entry });
      else if (other.name !== name) clashes.push(`${path.relative(root, dir) || '.'}: ${other.entry} and ${entry}`);
    };
    for (const entry of entries) {
      // Two entries whose whole names differ only in case cannot even both exist there.
      note(`entry:${entry.name.toLowerCase()}`, entry.name, entry.name);
      const imported = importName(entry.name, entry.isDirectory());
      if (imported !== undefined) note(`import:${imported.toLowerCase()}`, imported, entry.name);
    }
    for (const entry of entries) if (entry.isDirectory()) visit(path.join(dir, entry.name));
  };
  visit(root);
  return clashes;
}

describe('names that differ only in case', () => {
  it('are found: a component beside a module of the same name, a folder beside a module, two files', () => {
    const dir = makeTempDir('case-clash-');
    try {
      mkdirSync(path.join(dir, 'src/state'), { recursive: true });
      for (const file of ['src/App.tsx', 'src/app.ts', 'src/State.ts', 'src/main.tsx', 'src/main.css', 'README.md']) {
        writeFileSync(path.join(dir, file), '');
      }
      writeFileSync(path.join(dir, 'src/state/readme.md'), '');
      writeFileSync(path.join(dir, 'src/state/README.md'), '');
      expect(findCaseClashes(dir).sort()).toEqual([
        'src/state: README.md and readme.md',
        'src: App.tsx and app.ts',
        'src: State.ts and state',
      ]);
    } finally {
      removeTempDir(dir);
    }
  });

  it('no folder of the repository (templates, demo, examples, fixtures) holds two modules whose names differ only in case', () => {
    expect(findCaseClashes(REPO_ROOT)).toEqual([]);
  });
});
