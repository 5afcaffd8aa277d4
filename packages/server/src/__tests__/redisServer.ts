import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** The Redis a test file talks to. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` of the private server, or `REDIS_URL`. */
  readonly url: string;
  /** True for a private server, which `stop()` and `start()` control; false for `REDIS_URL`. */
  readonly owned: boolean;
  /** Stops the private server by its PID and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts the private server (again, on the same port) and waits until it answers PING. */
  start(): Promise<void>;
}

/**
 * Gives the calling test file a Redis: `REDIS_URL` when set, otherwise a private `redis-server`
 * on a free port, started in `beforeAll` and stopped in `afterAll`, that never touches a user's
 * data. Returns undefined (the file should skip) when `redis-server` is missing, except under
 * `CI`, where a missing service must fail rather than hide.
 */
export function useRedisServer(): TestRedis | undefined {
  const external = process.env.REDIS_URL;
  if (external) {
    const refuse = () => Promise.reject(new Error('REDIS_URL is set: this test cannot stop or start that server.'));
    return { url: external, owned: false, stop: refuse, start: refuse };
  }
  const bin = process.env.REDIS_SERVER_PATH ?? 'redis-server';
  if (spawnSync(bin, ['--version']).error) {
    const message = `"${bin}" was not found: install redis-server, or set REDIS_SERVER_PATH or REDIS_URL.`;
    if (process.env.CI) throw new Error(message);
    console.warn(`Skipping the Redis tests: ${message}`);
    return undefined;
  }
  const server = new PrivateRedis(bin);
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  return server;
}

class PrivateRedis implements TestRedis {
  readonly owned = true;
  readonly #bin: string;
  #port: number | undefined;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  constructor(bin: string) {
    this.#bin = bin;
  }

  get url(): string {
    if (this.#port === undefined) throw new Error('The private redis-server has not been started yet.');
    return `redis://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    // A fresh port can be taken between probing and binding it: try a few.
    const fixed = this.#port !== undefined;
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

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.#exited;
  }

  async #spawn(port: number): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(this.#bin, args, { stdio: 'ignore' });
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
        await this.stop();
        throw new Error(`redis-server did not answer PING on port ${port} within 10 s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5)); // poll interval
    }
  }
}

/** A port that was free a moment ago: bind port 0 and read what the OS chose. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
