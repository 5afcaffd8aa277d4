import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@core/test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const demoRoot = path.resolve(here, '../..');
const coreBin = path.resolve(demoRoot, '../../packages/cli/bin/core.js');

/** A demo server process (`core start` on the built demo, or `core dev`), restartable on the same port. */
export class DemoServer {
  readonly port: number;
  readonly env: Record<string, string>;
  #child: ChildProcess | undefined;
  #output = '';

  readonly mode: 'start' | 'dev';

  private constructor(port: number, env: Record<string, string>, mode: 'start' | 'dev') {
    this.port = port;
    this.env = env;
    this.mode = mode;
  }

  /** Starts `core start --port <free port>` and waits until it listens. */
  static async start(env: Record<string, string> = {}, mode: 'start' | 'dev' = 'start'): Promise<DemoServer> {
    const server = new DemoServer(await freePort(), { CORE_SECRET: 'e2e-secret-0123456789abcdef', ...env }, mode);
    await server.restart();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed (for failure messages). */
  get output(): string {
    return this.#output;
  }

  /** Starts the process again (after `stop` or `kill`) on the same port. */
  async restart(): Promise<void> {
    const child = spawn(
      process.execPath,
      [coreBin, this.mode, '--root', demoRoot, '--port', String(this.port), '--host', '127.0.0.1'],
      {
        env: { ...process.env, NODE_ENV: this.mode === 'dev' ? 'development' : 'production', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.#output += chunk.toString();
        if (this.#output.includes('ready at')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.#output += chunk.toString();
      });
      child.once('exit', (code) => reject(new Error(`core start exited with ${code}:\n${this.#output}`)));
    });
  }

  /** Stops the process gracefully (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    await this.#signal('SIGTERM');
  }

  /** Kills the process at once (SIGKILL), like a crash. */
  async kill(): Promise<void> {
    await this.#signal('SIGKILL');
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}
