import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normalizePath, type Plugin, type ViteDevServer } from 'vite';
import { isCoreViteError } from './coreViteError.js';
import { createRouteTable, PAGE_FILE, type RouteTable } from './createRouteTable.js';
import { renderRoutesModule } from './renderRoutesModule.js';

/** The id pages code imports the route table from. */
export const ROUTES_MODULE_ID = 'virtual:core-routes';
const RESOLVED_ID = `\0${ROUTES_MODULE_ID}`;

/** The plugin's name, as Vite prints it. */
export const CORE_PAGES_PLUGIN_NAME = 'core:pages';

/** Options of {@link corePagesPlugin}. */
export interface CorePagesPluginOptions {
  /**
   * The pages folder, relative to the Vite root.
   * @default 'src/pages'
   */
  dir?: string;
}

/**
 * The Vite plugin behind file-based routes: `import { routes, notFound } from 'virtual:core-routes'`
 * gives the route table of the pages folder (see `createRouteTable`), each page and layout a
 * dynamic import (its own chunk; it hot-reloads like any component). Adding or removing a page in
 * `core dev` rebuilds the table and reloads open pages. Without a pages folder the table is empty.
 *
 * @example
 * // vite.config.ts
 * export default defineConfig({ plugins: [corePagesPlugin(), coreStatePlugin(), react()] });
 */
export function corePagesPlugin(options: CorePagesPluginOptions = {}): Plugin {
  let dir = path.resolve(options.dir ?? 'src/pages');
  let dev = false;
  return {
    name: CORE_PAGES_PLUGIN_NAME,
    configResolved(config) {
      dir = path.resolve(config.root, options.dir ?? 'src/pages');
      dev = config.command === 'serve';
    },
    resolveId: {
      filter: { id: /^virtual:core-routes$/ },
      handler(id) {
        return id === ROUTES_MODULE_ID ? RESOLVED_ID : null;
      },
    },
    load: {
      filter: { id: /^\0virtual:core-routes$/ },
      handler(id) {
        if (id !== RESOLVED_ID) return null;
        let table: RouteTable;
        try {
          table = readRouteTable(dir);
        } catch (error) {
          if (isCoreViteError(error)) return this.error(error.message);
          throw error;
        }
        this.addWatchFile(dir);
        return renderRoutesModule(table, normalizePath(dir), { dev });
      },
    },
    configureServer(server) {
      const onChange = (file: string) => {
        if (!file.startsWith(dir + path.sep) || !PAGE_FILE.test(file)) return;
        invalidateRoutes(server);
      };
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
    },
  };
}

/** The route table of a pages folder on disk (empty when the folder does not exist). */
export function readRouteTable(dir: string): RouteTable {
  if (!existsSync(dir)) return { routes: [], notFound: undefined };
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => normalizePath(path.relative(dir, path.join(entry.parentPath, entry.name))));
  return createRouteTable(files.sort());
}

function invalidateRoutes(server: ViteDevServer): void {
  for (const environment of Object.values(server.environments)) {
    const mod = environment.moduleGraph.getModuleById(RESOLVED_ID);
    if (mod) environment.moduleGraph.invalidateModule(mod);
  }
  server.environments.client.hot.send({ type: 'full-reload' });
}
