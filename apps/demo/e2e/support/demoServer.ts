import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, WatchedProcess } from '@core/test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const demoRoot = path.resolve(here, '../..');
const coreBin = path.resolve(demoRoot, '../../packages/cli/bin/core.js');

/** A demo server process (`core start` on the built demo, or `core dev`), restartable on the same port. */
export class DemoServer {
  readonly port: number;
  readonly env: Record<string, string>;
  readonly mode: 'start' | 'dev';
  readonly args: readonly string[];
  #process: WatchedProcess | undefined;
  #earlier = '';

  private constructor(port: number, env: Record<string, string>, mode: 'start' | 'dev', args: readonly string[]) {
    this.port = port;
    this.env = env;
    this.mode = mode;
    this.args = args;
  }

  /**
   * Starts `core start` (or `core dev`) on a free port and waits until it listens. `args` go to
   * the command too (e.g. `--out-dir` for another build).
   */
  static async start(
    env: Record<string, string> = {},
    mode: 'start' | 'dev' = 'start',
    args: readonly string[] = [],
  ): Promise<DemoServer> {
    const server = new DemoServer(await freePort(), { CORE_SECRET: 'e2e-secret-0123456789abcdef', ...env }, mode, args);
    await server.restart();
    return server;
  }

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
    this.#process = new WatchedProcess(
      process.execPath,
      [coreBin, this.mode, '--root', demoRoot, '--port', String(this.port), '--host', '127.0.0.1', ...this.args],
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
