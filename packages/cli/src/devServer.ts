import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import {
  type CoreServer,
  consoleLogger,
  createServer,
  type Middleware,
  redactingLogger,
  trustProxyFromEnv,
} from '@core/server';
import type { App } from '@core/state';
import { createServer as createViteServer, mergeConfig, type ViteDevServer } from 'vite';
import { CliError } from './cliError.js';
import { connectScaleOut } from './connectScaleOut.js';
import { devtoolsPlugin } from './devtoolsPlugin.js';
import { findAppEntry } from './findAppEntry.js';
import { listen } from './listen.js';
import { memoryStateFile, restoreMemoryState, saveMemoryState } from './memoryStateFile.js';
import { createDevPageRenderer, hasPages } from './pageRenderers.js';
import { createSwappableMiddleware, resolveAppModule } from './resolveApp.js';
import { createServerErrorOverlay } from './serverErrorOverlay.js';
import { settleWithin } from './settleWithin.js';
import { resolveShutdownTimeout, stillRunning } from './shutdownTimeout.js';
import { baseViteConfig } from './viteSetup.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The project folder. @default process.cwd() */
  root?: string;
  /** @default process.env.PORT ?? 3000 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * How long `close()` waits for running handlers and background tasks (aborted) to finish.
   * @default process.env.CORE_SHUTDOWN_TIMEOUT ?? 10_000 (ms)
   */
  shutdownTimeout?: number;
  /** Called after a state module was reloaded in place. */
  onReload?: (file: string) => void;
}

/** A running dev server. */
export interface DevServer {
  readonly url: string;
  readonly port: number;
  readonly app: App;
  readonly vite: ViteDevServer;
  readonly server: CoreServer;
  close(): Promise<void>;
}

/**
 * `core dev`: one process, one port. Vite serves the page in middleware mode (React Fast Refresh)
 * and the state server shares its http server. Editing a module the app loads reloads it in place:
 * the new definitions replace the old, every token keeps its state.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const root = path.resolve(options.root ?? process.cwd());
  const shutdownTimeout = resolveShutdownTimeout(options.shutdownTimeout);
  const entry = findAppEntry(root);
  const httpServer: HttpServer = createHttpServer();
  const base = await baseViteConfig(root, { command: 'serve', mode: 'development' });
  const pages = hasPages(root);
  const overlay = createServerErrorOverlay(root);
  const vite = await createViteServer(
    mergeConfig(base, {
      plugins: [devtoolsPlugin(), overlay.plugin],
      server: { middlewareMode: true, hmr: { server: httpServer } },
      // With pages the server renders every HTML request itself.
      appType: pages ? 'custom' : 'spa',
    }),
  );
  let app: App;
  let routes: ReturnType<typeof createSwappableMiddleware>;
  try {
    const loaded = resolveAppModule(await vite.ssrLoadModule(`/${entry}`), entry);
    app = loaded.app;
    routes = createSwappableMiddleware(loaded.middlewares);
  } catch (error) {
    await vite.close();
    throw error instanceof CliError
      ? error
      : new CliError(`Loading ${entry} failed: ${(error as Error).message}`, { cause: error });
  }
  // The server's logger, which the Redis connections report to as well (tokens shortened).
  const logger = redactingLogger(consoleLogger());
  const scaleOut = await connectScaleOut(logger);
  const stateFile = memoryStateFile(root);
  const server = createServer({
    app,
    stateManager: scaleOut.stateManager,
    logger,
    httpServer,
    dev: true,
    cwd: root,
    middlewares: [routes.middleware, vite.middlewares as unknown as Middleware],
    socket: { destroyUpgrade: false, ...scaleOut.socket },
    // The logger is read when a page fails: createServer installs its own into the app.
    pages: pages
      ? createDevPageRenderer(vite, root, {
          overlay,
          get logger() {
            return app.logger;
          },
        })
      : undefined,
    trustProxy: trustProxyFromEnv(),
  });
  // The app is resolved now (its state manager fixed) and serves nothing until it listens.
  restoreMemoryState(app, stateFile);

  const reload = async (file: string) => {
    const ssrGraph = vite.environments.ssr.moduleGraph;
    const changed = ssrGraph.getModulesByFile(path.resolve(file));
    if (!changed?.size) return;
    // Re-run the changed module and everything that imports it, up to the app module.
    const seen = new Set<unknown>();
    const invalidate = (mod: typeof changed extends Set<infer M> ? M : never) => {
      if (seen.has(mod)) return;
      seen.add(mod);
      ssrGraph.invalidateModule(mod);
      for (const importer of mod.importers) invalidate(importer);
    };
    for (const mod of changed) invalidate(mod);
    try {
      const next = resolveAppModule(await vite.ssrLoadModule(`/${entry}`), entry);
      app.replaceStates(next.app.states);
      routes.replace(next.middlewares);
      if (next.app !== app) await next.app.close();
      // A token is reconciled with new definitions only when its lock is next taken: do it now for
      // every open page, so added vars reach it (and removed ones leave) without waiting for an event.
      const tokens = new Set([...server.io.sockets.sockets.values()].map((socket) => socket.data.token));
      await Promise.allSettled([...tokens].map((token) => app.modifyState(token, () => undefined)));
      overlay.clear();
      options.onReload?.(file);
    } catch (error) {
      // In the page's error overlay too (its stack mapped to the sources, also for the log below).
      await overlay.show(error, path.relative(root, file));
      app.logger.error(`Reloading ${path.relative(root, file)} failed; the previous version keeps running.`, { error });
    }
  };
  // One reload at a time, in the order of the edits: quick successive saves must not interleave.
  let reloading = Promise.resolve();
  const queueReload = (file: string) => {
    reloading = reloading.then(() => reload(file));
  };
  vite.watcher.on('change', queueReload);
  vite.watcher.on('unlink', queueReload); // importers of a deleted module fail to load: reported

  let address: { port: number; url: string };
  try {
    address = await listen(server, options.port ?? Number(process.env.PORT ?? 3000), options.host ?? '127.0.0.1');
    process.env.CORE_ORIGIN ??= address.url;
  } catch (error) {
    await server.close();
    await vite.close();
    await scaleOut.close();
    throw error;
  }
  return {
    ...address,
    app,
    vite,
    server,
    async close() {
      // Vite first: it drops the pages' HMR websockets, which would otherwise keep the shared
      // http server's close() waiting for as long as a page stays open.
      await vite.close();
      // Tasks aborted, running handlers finished (or given up on): the state is final.
      const finished = await settleWithin(server.close(), shutdownTimeout);
      saveMemoryState(app, stateFile);
      await settleWithin(scaleOut.close(), shutdownTimeout);
      if (!finished) throw stillRunning(shutdownTimeout);
    },
  };
}
