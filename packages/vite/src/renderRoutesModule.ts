import type { RouteEntry, RouteTable } from './createRouteTable.js';

/**
 * The code of the `virtual:core-routes` module for a route table: `routes` (pattern, file, page
 * and layout loaders as dynamic imports, so each page is its own chunk), `notFound` and, with
 * `dev`, `warn` (how the router reports a link to a path no page matches). `dir` is the pages
 * folder as Vite resolves it (an absolute, `/`-separated path).
 */
export function renderRoutesModule(table: RouteTable, dir: string, options: { dev?: boolean } = {}): string {
  const loader = (file: string) => `() => import(${JSON.stringify(`${dir}/${file}`)})`;
  const entry = (route: RouteEntry) =>
    `{ pattern: ${JSON.stringify(route.pattern)}, file: ${JSON.stringify(route.file)}, page: ${loader(route.file)}, layouts: [${route.layouts.map(loader).join(', ')}] }`;
  return [
    `export const routes = [\n${table.routes.map((route) => `  ${entry(route)},`).join('\n')}\n];`,
    `export const notFound = ${table.notFound ? entry(table.notFound) : 'undefined'};`,
    // In development, links to paths no page matches are reported (in the app's own console).
    options.dev ? 'export const warn = (message) => console.warn(message);' : 'export const warn = undefined;',
    'export default { routes, notFound, warn };',
    '',
  ].join('\n');
}
