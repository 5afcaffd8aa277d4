import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { CliError } from './cliError.js';
import { reportStrayRejections } from './reportStrayRejections.js';
import { stopOnSignals } from './stopOnSignals.js';
import { stripColorsWhereUnwanted } from './terminalColors.js';

const HELP: Record<string, string> = {
  main: `Usage: core <command> [options]

Commands:
  dev      Start the dev server: the page with hot reload and the state server on one port
  build    Build the client bundle and the server bundle into dist/
  start    Serve the build (REDIS_URL=redis://… to share state between processes)

Run core <command> --help for a command's options.`,
  dev: `Usage: core dev [--port $PORT|3000] [--host 127.0.0.1] [--root .] [--shutdown-timeout 10000]

Starts Vite (React Fast Refresh) and the state server on one port. Editing a state module
reloads it in place: handlers change, every tab keeps its state. Ctrl+C stops gracefully
(running handlers finish, up to --shutdown-timeout ms); a second Ctrl+C stops at once.`,
  build: `Usage: core build [--root .] [--out-dir dist]

Builds dist/client (the page; state modules become stubs, no server code) and
dist/server/app.js (the app).`,
  start: `Usage: core start [--port $PORT|3000] [--host $HOST|0.0.0.0] [--root .] [--out-dir dist]
                  [--shutdown-timeout $CORE_SHUTDOWN_TIMEOUT|10000]

Serves dist/client and the state server on one port. CORE_SECRET (required) signs tokens;
set REDIS_URL to share state and locks between several processes
(REDIS_CLUSTER_NODES=host:port,... for a Redis Cluster). SIGTERM or SIGINT stops
gracefully: no new connections, background tasks aborted, running handlers finish (up to
--shutdown-timeout ms), the memory state is saved, Redis closed, exit 0. A second signal
stops at once.`,
};

/**
 * Runs the `core` command line; resolves with the exit code (or never, while a server runs). What it
 * prints carries colour codes only on a terminal without `NO_COLOR`, or with `FORCE_COLOR`.
 */
export async function main(argv: string[]): Promise<number | undefined> {
  stripColorsWhereUnwanted();
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return 0;
  }
  if (!(command in HELP) || command === 'main') {
    process.stderr.write(`${pc.red(`Unknown command "${command}".`)}\n\n${HELP.main}\n`);
    return 1;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        root: { type: 'string' },
        'out-dir': { type: 'string' },
        'shutdown-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${pc.red((error as Error).message)}\n\n${HELP[command]}\n`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    process.stderr.write(`${pc.red(`--port must be a whole number from 0 to 65535, got "${values.port}".`)}\n`);
    return 1;
  }
  const rawTimeout = values['shutdown-timeout'] as string | undefined;
  const shutdownTimeout = rawTimeout === undefined ? undefined : Number(rawTimeout);
  if (shutdownTimeout !== undefined && (!Number.isInteger(shutdownTimeout) || shutdownTimeout < 0)) {
    process.stderr.write(
      `${pc.red(`--shutdown-timeout must be a whole number of milliseconds >= 0, got "${rawTimeout}".`)}\n`,
    );
    return 1;
  }
  const root = values.root as string | undefined;
  const outDir = values['out-dir'] as string | undefined;
  try {
    if (command === 'build') {
      const started = Date.now();
      // Commands load Vite and the server lazily, so `--help` and argument errors answer at once.
      const { buildApp } = await import('./buildApp.js');
      const { clientDir, serverEntry } = await buildApp({ root, outDir });
      process.stdout.write(`${pc.green('✓')} built ${clientDir} and ${serverEntry} in ${Date.now() - started} ms\n`);
      return 0;
    }
    const running =
      command === 'dev'
        ? await (await import('./devServer.js')).startDevServer({
            root,
            port,
            host: values.host as string | undefined,
            shutdownTimeout,
            onReload: (file) => process.stdout.write(`${pc.cyan('↻')} reloaded ${file}\n`),
          })
        : await (await import('./startServer.js')).startProductionServer({
            root,
            outDir,
            port,
            host: values.host as string | undefined,
            shutdownTimeout,
          });
    process.stdout.write(
      `${pc.green('➜')} ${command === 'dev' ? 'dev server' : 'server'} ready at ${pc.bold(running.url)}\n`,
    );
    stopOnSignals(running);
    reportStrayRejections();
    return undefined;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${pc.red(error.message)}\n`);
      return 1;
    }
    // A bad environment variable read by a package (e.g. CORE_TRUST_PROXY): its one-line message.
    if (error instanceof RangeError && error.message.startsWith('[core/')) {
      process.stderr.write(`${pc.red(error.message.replace(/^\[core\/\w+\]/, '[core]'))}\n`);
      return 1;
    }
    throw error;
  }
}
