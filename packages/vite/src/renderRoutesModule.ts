import type { RouteEntry, RouteTable } from './createRouteTable.js';

/**
 * The code of the `virtual:core-routes` module for a route table: `routes` (pattern, file, page
 * and layout loaders as dynamic imports, so each page is its own chunk) and `notFound`. `dir` is the
 * pages folder as Vite resolves it (an absolute, `/`-separated path).
 */
export function renderRoutesModule(table: RouteTable, dir: string): string {
  const loader = (file: string) => `() => import(${JSON.stringify(`${dir}/${file}`)})`;
  const entry = (route: RouteEntry) =>
    `{ pattern: ${JSON.stringify(route.pattern)}, file: ${JSON.stringify(route.file)}, page: ${loader(route.file)}, layouts: [${route.layouts.map(loader).join(', ')}] }`;
  return [
    `export const routes = [\n${table.routes.map((route) => `  ${entry(route)},`).join('\n')}\n];`,
    `export const notFound = ${table.notFound ? entry(table.notFound) : 'undefined'};`,
    'export default { routes, notFound };',
    '',
  ].join('\n');
}
