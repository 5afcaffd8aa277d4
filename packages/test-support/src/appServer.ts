import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from './freePort.js';
import { WatchedProcess } from './watchedProcess.js';

/** How to start an app's server: extra environment, the command, extra arguments. */
export interface AppServerOptions {
  /** Added to the process environment (`CORE_SECRET` has a test default). */
  readonly env?: Record<string, string>;
  /** `start` serves the built app (`core start`); `dev` runs `core dev`. Default `start`. */
  readonly mode?: 'start' | 'dev';
  /** More arguments for the command (e.g. `--out-dir` for another build). */
  readonly args?: readonly string[];
}

/**
 * An app's server process (`core start` on its build, or `core dev`) on a free loopback port,
 * restartable on the same port: what an app's browser specs run against.
 */
export class AppServer {
  readonly root: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly mode: 'start' | 'dev';
  readonly args: readonly string[];
  #process: WatchedProcess | undefined;
  #earlier = '';

  private constructor(root: string, port: number, options: AppServerOptions) {
    this.root = root;
    this.port = port;
    this.env = { CORE_SECRET: 'e2e-secret-0123456789abcdef', ...options.env };
    this.mode = options.mode ?? 'start';
    this.args = options.args ?? [];
  }

  /** Starts the app found at `root` (the folder of its `package.json`) and waits until it listens. */
  static async start(root: string, options: AppServerOptions = {}): Promise<AppServer> {
    const server = new AppServer(root, await freePort(), options);
    await server.restart();
    return server;
  }

  /** The server's address, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed, over every start (for failure messages). */
  get output(): string {
    return this.#earlier + (this.#process?.output ?? '');
  }

  /** Starts the process again (after `stop` or `kill`) on the same port. */
  async restart(): Promise<void> {
    this.#earlier = this.output;
    const coreBin = path.join(
      path.dirname(createRequire(path.join(this.root, 'package.json')).resolve('@core/cli/package.json')),
      'bin',
      'core.js',
    );
    this.#process = new WatchedProcess(
      process.execPath,
      [coreBin, this.mode, '--root', this.root, '--port', String(this.port), '--host', '127.0.0.1', ...this.args],
      { env: { NODE_ENV: this.mode === 'dev' ? 'development' : 'production', ...this.env } },
    );
    await this.#process.waitForOutput('ready at');
  }

  /** Stops the process gracefully (SIGTERM: it saves its memory state) and waits for it to exit. */
  async stop(): Promise<void> {
    await this.#process?.stop();
  }

  /** Kills the process at once (SIGKILL), like a crash. */
  async kill(): Promise<void> {
    await this.#process?.kill();
  }
}
