import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteTableModule } from '@core/react/pages';
import type { PageRenderer } from '@core/server';
import type { ViteDevServer } from 'vite';

/** The pages folder of a project. */
export const PAGES_DIR = 'src/pages';

/** True when the project has a pages folder (then its HTML is rendered on the server). */
export function hasPages(root: string): boolean {
  return existsSync(path.join(root, PAGES_DIR));
}

/**
 * `core dev`: routes, pages and the template go through Vite on every request, so an edited page
 * (or an added one) renders at once; the HTML gets Vite's client and React Fast Refresh.
 */
export function createDevPageRenderer(vite: ViteDevServer, root: string): PageRenderer {
  const table = async () => (await vite.ssrLoadModule('virtual:core-routes')) as unknown as RouteTableModule;
  const reactServer = () => loadReactServer(root);
  return {
    async resolve(href) {
      return (await reactServer()).resolvePage(await table(), href);
    },
    async render(href, hydration) {
      return (await reactServer()).renderPage(await table(), href, hydration);
    },
    async template(href) {
      return vite.transformIndexHtml(href, readFileSync(path.join(root, 'index.html'), 'utf8'));
    },
  };
}

/** `core start`: the route table `core build` bundled for the server and the built `index.html`. */
export async function createBuiltPageRenderer(root: string, outDir: string): Promise<PageRenderer | undefined> {
  const routesFile = path.join(outDir, 'server', 'routes.js');
  if (!existsSync(routesFile)) return undefined;
  const table = (await import(pathToFileURL(routesFile).href)) as RouteTableModule;
  const template = readFileSync(path.join(outDir, 'client', 'index.html'), 'utf8');
  const { renderPage, resolvePage } = await loadReactServer(root);
  return {
    resolve: (href) => resolvePage(table, href),
    render: (href, hydration) => renderPage(table, href, hydration),
    template: async () => template,
  };
}

type ReactServer = typeof import('@core/react/server');

/**
 * `@core/react/server` as the project resolves it: the pages import `@core/react` from the project,
 * and the render must use that same copy (one React context), not one nested under `@core/cli`.
 */
function loadReactServer(root: string): Promise<ReactServer> {
  let resolved: string | undefined;
  try {
    resolved = createRequire(path.join(root, 'package.json')).resolve('@core/react/server');
  } catch {
    resolved = undefined;
  }
  return resolved ? import(pathToFileURL(resolved).href) : import('@core/react/server');
}
