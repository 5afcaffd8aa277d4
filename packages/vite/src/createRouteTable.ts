import { CoreViteError } from './coreViteError.js';

/** One page of the route table. */
export interface RouteEntry {
  /** The URL pattern: `/`, `/users/:id`, `/docs/*slug` (catch-all), `/docs/*slug?` (optional catch-all). */
  readonly pattern: string;
  /** The page file, relative to the pages folder (`users/[id].tsx`). */
  readonly file: string;
  /** The `_layout` files that wrap it, outermost first, relative to the pages folder. */
  readonly layouts: readonly string[];
}

/** Every page of a pages folder, most specific pattern first, and its `_404` page. */
export interface RouteTable {
  readonly routes: readonly RouteEntry[];
  /** The `_404` page at the root of the pages folder, with the root layouts; undefined without one. */
  readonly notFound: RouteEntry | undefined;
}

/** Files that can be pages or layouts. */
export const PAGE_FILE = /\.(?:tsx|jsx|ts|js|mts|mjs)$/;

/**
 * Builds the route table from the files of a pages folder (paths relative to it, `/`-separated):
 * `index.tsx` → `/`, `users/[id].tsx` → `/users/:id`, `docs/[...slug].tsx` → `/docs/*slug`,
 * `docs/[[...slug]].tsx` → `/docs/*slug?` (also matches `/docs`); `_layout.tsx` wraps the pages of
 * its folder and below; `_404.tsx` at the root is the page for unknown paths. Other files whose
 * name starts with `_` or `.`, tests (`*.test.*`, `*.spec.*`) and `__tests__` folders are ignored.
 * Static segments rank before dynamic ones, dynamic before catch-alls.
 *
 * @example
 * createRouteTable(['index.tsx', 'users/[id].tsx', '_layout.tsx']).routes[1];
 * // { pattern: '/users/:id', file: 'users/[id].tsx', layouts: ['_layout.tsx'] }
 */
export function createRouteTable(files: readonly string[]): RouteTable {
  const normalized = files.map((file) => file.replace(/\\/g, '/').replace(/^\.?\//, '')).filter(isPageOrLayout);
  const layouts = new Map<string, string>();
  for (const file of normalized) {
    const { dir, base } = split(file);
    if (base === '_layout') layouts.set(dir, file);
  }
  const layoutsOf = (dir: string): string[] => {
    const found: string[] = [];
    const parts = dir === '' ? [] : dir.split('/');
    for (let depth = 0; depth <= parts.length; depth++) {
      const layout = layouts.get(parts.slice(0, depth).join('/'));
      if (layout) found.push(layout);
    }
    return found;
  };
  const routes: (RouteEntry & { rank: number[] })[] = [];
  const seen = new Map<string, string>();
  let notFound: RouteEntry | undefined;
  for (const file of normalized) {
    const { dir, base } = split(file);
    if (base === '_layout') continue;
    if (base === '_404') {
      if (dir === '') notFound = { pattern: '/*', file, layouts: layoutsOf(dir) };
      continue;
    }
    if (base.startsWith('_')) continue;
    const segments = [...(dir === '' ? [] : dir.split('/')), ...(base === 'index' ? [] : [base])];
    const parsed = segments.map((segment, index) => parseSegment(segment, file, index === segments.length - 1));
    const pattern = `/${parsed.map((p) => p.pattern).join('/')}`;
    const key = pattern.replace(/:[^/]+/g, ':').replace(/\*[^/?]+/g, '*');
    const clash = seen.get(key);
    if (clash) {
      throw new CoreViteError('INVALID_ROUTE', file, `it matches the same paths as ${clash}; keep one of them.`);
    }
    seen.set(key, file);
    routes.push({ pattern, file, layouts: layoutsOf(dir), rank: parsed.map((p) => p.rank) });
  }
  routes.sort((a, b) => compareRanks(a.rank, b.rank) || a.pattern.localeCompare(b.pattern));
  return { routes: routes.map(({ rank: _rank, ...route }) => route), notFound };
}

function isPageOrLayout(file: string): boolean {
  if (!PAGE_FILE.test(file) || /\.d\.[mc]?ts$/.test(file)) return false;
  if (/\.(?:test|spec)\.[^.]+$/.test(file)) return false;
  return !file.split('/').some((part, i, all) => part.startsWith('.') || (i < all.length - 1 && part.startsWith('_')));
}

function split(file: string): { dir: string; base: string } {
  const slash = file.lastIndexOf('/');
  const name = file.slice(slash + 1);
  return { dir: slash < 0 ? '' : file.slice(0, slash), base: name.replace(PAGE_FILE, '') };
}

// Rank per segment: 0 static, 1 dynamic, 2 catch-all, 3 optional catch-all (lower wins).
function parseSegment(segment: string, file: string, last: boolean): { pattern: string; rank: number } {
  const optional = /^\[\[\.\.\.([A-Za-z_$][\w$]*)\]\]$/.exec(segment);
  const catchAll = optional ?? /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/.exec(segment);
  if (catchAll) {
    if (!last) {
      throw new CoreViteError('INVALID_ROUTE', file, `the catch-all "${segment}" must be the last part of the path.`);
    }
    return { pattern: `*${catchAll[1]}${optional ? '?' : ''}`, rank: optional ? 3 : 2 };
  }
  const dynamic = /^\[([A-Za-z_$][\w$]*)\]$/.exec(segment);
  if (dynamic) return { pattern: `:${dynamic[1]}`, rank: 1 };
  if (/[[\]:*?]/.test(segment)) {
    throw new CoreViteError(
      'INVALID_ROUTE',
      file,
      `"${segment}" is not a valid path segment; write [name], [...name] or [[...name]] with a JavaScript identifier.`,
    );
  }
  return { pattern: encodeURIComponent(segment), rank: 0 };
}

function compareRanks(a: number[], b: number[]): number {
  // A path that ends matches fewer URLs than one that goes on (only an optional catch-all overlaps).
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}
