import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CoreServer,
  consoleLogger,
  createServer,
  redactingLogger,
  ServerError,
  trustProxyFromEnv,
} from '@core/server';
import type { App } from '@core/state';
import { CliError } from './cliError.js';
import { connectScaleOut } from './connectScaleOut.js';
import { listen } from './listen.js';
import { memoryStateFile, restoreMemoryState, saveMemoryState } from './memoryStateFile.js';
import { createBuiltPageRenderer } from './pageRenderers.js';
import { resolveAppModule } from './resolveApp.js';
import { settleWithin } from './settleWithin.js';
import { resolveShutdownTimeout, stillRunning } from './shutdownTimeout.js';

/** Options of {@link startProductionServer}. */
export interface StartOptions {
  /** The project folder. @default process.cwd() */
  root?: string;
  /** Where `core build` wrote. @default 'dist' */
  outDir?: string;
  /** @default process.env.PORT ?? 3000 */
  port?: number;
  /** @default process.env.HOST ?? '0.0.0.0' */
  host?: string;
  /**
   * How long `close()` waits for running handlers and background tasks (aborted) to finish before
   * it gives up on them, saves the state committed so far and closes Redis anyway.
   * @default process.env.CORE_SHUTDOWN_TIMEOUT ?? 10_000 (ms)
   */
  shutdownTimeout?: number;
}

/**
 * `core start`: serves the built client and the state server on one port. `close()` stops
 * gracefully (see {@link StartOptions.shutdownTimeout}) and rejects when it had to give up waiting. `REDIS_URL` switches to
 * the Redis state manager and adapter (several processes behind any load balancer).
 */
export async function startProductionServer(
  options: StartOptions = {},
): Promise<{ url: string; port: number; app: App; server: CoreServer; close(): Promise<void> }> {
  const root = path.resolve(options.root ?? process.cwd());
  const shutdownTimeout = resolveShutdownTimeout(options.shutdownTimeout);
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const serverEntry = path.join(outDir, 'server', 'app.js');
  if (!existsSync(serverEntry)) {
    throw new CliError(`No build in ${outDir}; run \`core build\` first.`);
  }
  const { app, middlewares } = resolveAppModule(await import(pathToFileURL(serverEntry).href), serverEntry);
  // The server's logger, which the Redis connections report to as well (tokens shortened).
  const logger = redactingLogger(consoleLogger());
  const scaleOut = await connectScaleOut(logger);
  const stateFile = memoryStateFile(root);
  const pages = await createBuiltPageRenderer(root, outDir);
  let server: CoreServer;
  try {
    server = createServer({
      app,
      stateManager: scaleOut.stateManager,
      logger,
      staticDir: path.join(outDir, 'client'),
      dev: false,
      cwd: root,
      middlewares: [...middlewares],
      socket: scaleOut.socket,
      pages,
      trustProxy: trustProxyFromEnv(),
    });
  } catch (error) {
    await scaleOut.close();
    await app.close();
    // A missing CORE_SECRET (or another refused setting) is one line, not a stack.
    if (error instanceof ServerError)
      throw new CliError(error.message.replace(/^\[core\/server\] /, ''), { cause: error });
    throw error;
  }
  // The app is resolved now (its state manager fixed) and serves nothing until it listens.
  restoreMemoryState(app, stateFile);
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? '0.0.0.0';
  let address: { port: number; url: string };
  try {
    address = await listen(server, port, host);
    process.env.CORE_ORIGIN ??= `http://127.0.0.1:${address.port}`;
  } catch (error) {
    await server.close();
    await scaleOut.close();
    throw error;
  }
  return {
    ...address,
    app,
    server,
    async close() {
      // Pages are disconnected (they reconnect elsewhere and resend unacknowledged events), no new
      // connection is taken, tasks are aborted and running handlers finish: the state is final.
      const finished = await settleWithin(server.close(), shutdownTimeout);
      saveMemoryState(app, stateFile);
      await settleWithin(scaleOut.close(), shutdownTimeout);
      if (!finished) throw stillRunning(shutdownTimeout);
    },
  };
}
