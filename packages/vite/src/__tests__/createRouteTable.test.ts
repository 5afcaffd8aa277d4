import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouteTable, isCoreViteError, readRouteTable, renderRoutesModule } from '../index.js';

describe('createRouteTable', () => {
  it('maps index, nested, dynamic and catch-all files to patterns, most specific first', () => {
    const table = createRouteTable([
      'docs/[...slug].tsx',
      'index.tsx',
      'users/[id].tsx',
      'users/new.tsx',
      'users/index.tsx',
      'about.tsx',
      'files/[[...path]].tsx',
    ]);
    expect(table.routes.map((r) => [r.pattern, r.file])).toEqual([
      ['/', 'index.tsx'],
      ['/about', 'about.tsx'],
      ['/users', 'users/index.tsx'],
      ['/users/new', 'users/new.tsx'],
      ['/users/:id', 'users/[id].tsx'],
      ['/docs/*slug', 'docs/[...slug].tsx'],
      ['/files/*path?', 'files/[[...path]].tsx'],
    ]);
  });

  it('wraps each page in the _layout files of its folder and every folder above, outermost first', () => {
    const table = createRouteTable(['_layout.tsx', 'index.tsx', 'users/_layout.tsx', 'users/[id].tsx', 'docs/a.tsx']);
    const byPattern = Object.fromEntries(table.routes.map((r) => [r.pattern, r.layouts]));
    expect(byPattern).toEqual({
      '/': ['_layout.tsx'],
      '/users/:id': ['_layout.tsx', 'users/_layout.tsx'],
      '/docs/a': ['_layout.tsx'],
    });
  });

  it('takes _404 at the root as the not-found page with the root layouts, and never as a route', () => {
    const table = createRouteTable(['_layout.tsx', '_404.tsx', 'index.tsx']);
    expect(table.notFound).toEqual({ pattern: '/*', file: '_404.tsx', layouts: ['_layout.tsx'] });
    expect(table.routes.map((r) => r.pattern)).toEqual(['/']);
    expect(createRouteTable(['index.tsx']).notFound).toBeUndefined();
  });

  it('ignores tests, type declarations, private files and folders', () => {
    const table = createRouteTable([
      'index.tsx',
      'index.test.tsx',
      'page.spec.ts',
      'types.d.ts',
      '_helpers.ts',
      '_components/Button.tsx',
      'styles.css',
    ]);
    expect(table.routes.map((r) => r.file)).toEqual(['index.tsx']);
  });

  it('refuses a catch-all that is not last, a bad segment and two files for one path', () => {
    const codeOf = (files: string[]) => {
      try {
        createRouteTable(files);
        return undefined;
      } catch (error) {
        return isCoreViteError(error, 'INVALID_ROUTE') ? error.message : String(error);
      }
    };
    expect(codeOf(['[...all]/x.tsx'])).toMatch(/catch-all "\[\.\.\.all\]" must be the last part/);
    expect(codeOf(['users/[user-id].tsx'])).toMatch(/not a valid path segment/);
    expect(codeOf(['users/[id].tsx', 'users/[name].tsx'])).toMatch(/matches the same paths as users\/\[id\]\.tsx/);
    expect(codeOf(['about.tsx', 'about/index.tsx'])).toMatch(/matches the same paths/);
  });
});

describe('the routes module', () => {
  it('imports every page and layout dynamically, so each one is its own chunk', () => {
    const code = renderRoutesModule(createRouteTable(['_layout.tsx', 'users/[id].tsx', '_404.tsx']), '/app/src/pages');
    expect(code).toContain(
      `{ pattern: "/users/:id", file: "users/[id].tsx", page: () => import("/app/src/pages/users/[id].tsx"), layouts: [() => import("/app/src/pages/_layout.tsx")] }`,
    );
    expect(code).toContain('export const notFound = { pattern: "/*", file: "_404.tsx"');
    expect(code).not.toMatch(/^import /m);
    expect(code).toContain('export const warn = undefined;');
    expect(renderRoutesModule(createRouteTable(['index.tsx']), '/app/src/pages', { dev: true })).toContain(
      'export const warn = (message) => console.warn(message);',
    );
  });

  it('reads the table from a folder on disk, and an empty one when there is no folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'core-pages-'));
    try {
      for (const file of ['index.tsx', 'users/[id].tsx', 'users/_layout.tsx']) {
        await mkdir(dirname(join(root, file)), { recursive: true });
        await writeFile(join(root, file), 'export default function Page() { return null; }\n');
      }
      const table = readRouteTable(root);
      expect(table.routes.map((r) => [r.pattern, r.layouts])).toEqual([
        ['/', []],
        ['/users/:id', ['users/_layout.tsx']],
      ]);
      expect(readRouteTable(join(root, 'missing'))).toEqual({ routes: [], notFound: undefined });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
