import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.js';

/** Options of {@link RedisProcess.start}. */
export interface RedisProcessOptions {
  /** Keep an append-only file, so a stop and a restart (an outage) keep the data. @default false */
  persistent?: boolean;
  /** More `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`. @default [] */
  args?: readonly string[];
  /** A port to listen on instead of a free one picked at start. */
  port?: number;
}

/**
 * A private `redis-server` on a free loopback port, for tests and benchmarks: never a user's
 * Redis. Started by `start`, stopped by its PID, killed if the test process exits first; it can be
 * stopped and started again on the same port. Its folder is temporary and removed by `dispose`.
 */
export class RedisProcess {
  #port: number | undefined;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #persistent: boolean;
  readonly #args: readonly string[];
  readonly #dir: string;

  private constructor(options: RedisProcessOptions) {
    this.#persistent = options.persistent ?? false;
    this.#args = options.args ?? [];
    this.#port = options.port;
    this.#dir = mkdtempSync(path.join(os.tmpdir(), 'core-redis-'));
  }

  /** The `redis-server` binary: `REDIS_SERVER_PATH`, else the one on the PATH. */
  static get binary(): string {
    return process.env.REDIS_SERVER_PATH ?? 'redis-server';
  }

  /** True when `redis-server` can be run here. */
  static available(): boolean {
    return !spawnSync(RedisProcess.binary, ['--version']).error;
  }

  /** Starts a server on a free port and resolves once it answers `PING`. */
  static async start(options: RedisProcessOptions = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(options);
    try {
      await redis.restart();
    } catch (error) {
      await redis.dispose();
      throw error;
    }
    return redis;
  }

  /** The folder the server runs in (its `--dir`). */
  get dir(): string {
    return this.#dir;
  }

  /** True while the process runs. */
  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** The port it listens on. */
  get port(): number {
    if (this.#port === undefined) throw new Error('The private redis-server has not been started yet.');
    return this.#port;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port once it has one) and waits until it answers. */
  async restart(): Promise<void> {
    const fixed = this.#port !== undefined;
    // A fresh port can be taken between probing and binding it: try a few.
    for (let attempt = 0; ; attempt++) {
      const port = this.#port ?? (await freePort());
      try {
        await this.#spawn(port);
        this.#port = port;
        return;
      } catch (error) {
        if (fixed || attempt >= 3) throw error;
      }
    }
  }

  /**
   * Stops the server and waits for it to exit: `SIGTERM` lets a persistent one flush its file,
   * `SIGKILL` is a crash. @default 'SIGTERM'
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.#exited;
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #spawn(port: number): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', this.#dir];
    args.push('--appendonly', this.#persistent ? 'yes' : 'no');
    if (this.#persistent) args.push('--appendfsync', 'always');
    args.push(...this.#args);
    const child = spawn(RedisProcess.binary, args, { stdio: 'ignore', cwd: this.#dir });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    let exited = false;
    this.#exited = new Promise((resolve) =>
      child.once('exit', () => {
        exited = true;
        process.off('exit', killOnExit);
        resolve();
      }),
    );
    this.#child = child;
    for (const started = Date.now(); !(await answersPing(port)); ) {
      if (exited) throw new Error(`redis-server could not start on port ${port}.`);
      if (Date.now() - started > 10_000) {
        await this.stop('SIGKILL');
        throw new Error(`redis-server did not answer PING on port ${port} within 10 s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5)); // poll interval
    }
  }
}

/** True when something on the port answers `PING` with `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
