import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './demoServer';

/**
 * A private `redis-server` for the multi-process specs, on a free loopback port. With
 * `persistent`, it keeps an append-only file in a temporary folder, so stopping and starting it
 * again (an outage) keeps the data. Never touches a user's Redis.
 */
export class RedisProcess {
  readonly port: number;
  readonly #dir: string;
  readonly #persistent: boolean;
  #child: ChildProcess | undefined;

  private constructor(port: number, persistent: boolean) {
    this.port = port;
    this.#persistent = persistent;
    this.#dir = mkdtempSync(path.join(os.tmpdir(), 'core-redis-'));
  }

  /** True when `redis-server` can be run (in CI a missing one must fail, never skip). */
  static available(): boolean {
    return !spawnSync(process.env.REDIS_SERVER_PATH ?? 'redis-server', ['--version']).error;
  }

  static async start(options: { persistent?: boolean } = {}): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), options.persistent ?? false);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.#dir];
    args.push('--appendonly', this.#persistent ? 'yes' : 'no');
    if (this.#persistent) args.push('--appendfsync', 'always');
    const child = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', args, { stdio: 'ignore' });
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await ping(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 10 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops the server (SIGTERM: it flushes its append-only file) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}
