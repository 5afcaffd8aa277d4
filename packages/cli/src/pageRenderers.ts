import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteTableModule } from '@core/react/pages';
import type { PageLocation, PageRenderer, RenderedPageHtml } from '@core/server';
import type { Logger } from '@core/state';
import type { ViteDevServer } from 'vite';
import type { OverlayError, ServerErrorOverlay } from './serverErrorOverlay.js';

/** The pages folder of a project. */
export const PAGES_DIR = 'src/pages';

/** True when the project has a pages folder (then its HTML is rendered on the server). */
export function hasPages(root: string): boolean {
  return existsSync(path.join(root, PAGES_DIR));
}

/** What the dev page renderer reports a page's failures with. */
export interface DevPageErrors {
  readonly overlay: ServerErrorOverlay;
  readonly logger: Logger;
}

/**
 * `core dev`: routes, pages and the template go through Vite on every request, so an edited page
 * (or an added one) renders at once; the HTML gets Vite's client and React Fast Refresh. A page
 * whose server-side code throws while loading or rendering still gets its document, with status
 * 500 and the error (stack mapped to the sources) in Vite's overlay; the log has it too.
 */
export function createDevPageRenderer(vite: ViteDevServer, root: string, errors: DevPageErrors): PageRenderer {
  const table = async () => (await vite.ssrLoadModule('virtual:core-routes')) as unknown as RouteTableModule;
  const reactServer = () => loadReactServer(root);
  // Pages whose resolve failed, until their render (same request) shows the error; bounded.
  const failed = new Map<string, OverlayError>();
  const report = async (error: unknown, href: string, action: string): Promise<OverlayError> => {
    const described = await errors.overlay.describe(error, 'src/pages');
    errors.logger.error(`${action} ${href} on the server failed; the page shows the error.`, { error });
    return described;
  };
  return {
    async resolve(href) {
      try {
        return await (await reactServer()).resolvePage(await table(), href);
      } catch (error) {
        if (failed.size >= 64) failed.clear();
        failed.set(href, await report(error, href, 'Loading the page'));
        return failedLocation(href);
      }
    },
    async render(href, hydration) {
      const early = failed.get(href);
      failed.delete(href);
      if (early) return errorDocument(early, errors.overlay);
      try {
        return await (await reactServer()).renderPage(await table(), href, hydration);
      } catch (error) {
        return errorDocument(await report(error, href, 'Rendering'), errors.overlay);
      }
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

/** Where a page that failed to load stands: no route, no on-load events, status 500. */
function failedLocation(href: string): PageLocation {
  return { status: 500, href, path: href.split('?')[0] ?? '/', route: '', params: {}, query: {}, onLoad: [] };
}

/** An empty root with status 500 and, in the head, the overlay opening on the error. */
function errorDocument(error: OverlayError, overlay: ServerErrorOverlay): RenderedPageHtml {
  return { status: 500, html: '', head: overlay.inlineScript(error), hasTitle: false };
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
