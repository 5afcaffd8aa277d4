import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, consoleLogger, createServer, type ServerOptions } from '@core/server';
import {
  type Chain,
  createApp,
  defineState,
  type Logger,
  MemoryStateManager,
  StateError,
  silentLogger,
} from '@core/state';
import type { LockOptions } from '@core/state/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Risky = defineState('risky', {
  vars: { n: 0, _apiKey: 'sk-live-123' },
  events: {
    inc(s) {
      s.n += 1;
    },
    leak(s): Chain {
      throw new Error(`upstream refused key ${s._apiKey}`);
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'core-defaults-'));

async function start(options: Partial<ServerOptions> = {}) {
  const app = options.app ?? createApp({ states: [Risky], logger: silentLogger });
  const server = createServer({
    secret: 'test-secret-0123456789',
    cwd: tempDir(),
    logger: silentLogger,
    ...options,
    app,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  const client = await connectClient(url);
  clients.push(client);
  return { app, server, client, hydrate: await client.firstHydrate };
}

describe('createServer without `dev`', () => {
  it('runs in production when NODE_ENV is unset: a failing handler reaches the page without message or stack', async () => {
    vi.stubEnv('NODE_ENV', undefined);
    const { client } = await start();
    const ack = await client.send({ id: 'l1', state: 'risky', name: 'leak' });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'HANDLER_ERROR', handler: 'risky.leak', message: 'Handler "risky.leak" failed.' },
    });
    expect(client.frames.join('\n')).not.toContain('sk-live');
  });

  it('runs in development only when NODE_ENV is development', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const { client } = await start();
    const ack = await client.send({ id: 'l1', state: 'risky', name: 'leak' });
    expect(ack).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('sk-live-123'), stack: expect.any(String) },
    });
  });
});

describe('the token secret', () => {
  it('is required in production: without CORE_SECRET or `secret`, createServer refuses to start', () => {
    vi.stubEnv('CORE_SECRET', undefined);
    const cwd = tempDir();
    const create = () => createServer({ app: createApp({ states: [Risky] }), cwd, dev: false, logger: silentLogger });
    expect(create).toThrow(
      expect.objectContaining({ code: 'MISSING_SECRET', message: expect.stringContaining('Set CORE_SECRET') }),
    );
    expect(existsSync(path.join(cwd, '.core'))).toBe(false);
  });

  it('is generated in development, in a .core folder only its owner may enter (0700, file 0600)', async () => {
    vi.stubEnv('CORE_SECRET', undefined);
    const cwd = tempDir();
    await start({ cwd, dev: true, secret: undefined });
    expect(statSync(path.join(cwd, '.core')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cwd, '.core', 'secret')).mode & 0o777).toBe(0o600);
  });
});

/** A memory store that can be switched to fail the way the Redis manager does when Redis is away. */
class FlakyStore extends MemoryStateManager {
  down = false;
  override get(token: string) {
    return this.down ? Promise.reject(outage()) : super.get(token);
  }
  override tryLock(token: string) {
    return this.down ? undefined : super.tryLock(token);
  }
  override lock(token: string, options?: LockOptions) {
    return this.down ? Promise.reject(outage()) : super.lock(token, options);
  }
}

function outage() {
  return new StateError(
    'STORE_UNAVAILABLE',
    'Cannot lock the token: redis://10.9.8.7:6390 is unreachable (connect ECONNREFUSED 10.9.8.7:6390); start Redis or point REDIS_URL (the url option) at a running server.',
  );
}

describe('a store outage', () => {
  it.each([false, true])('reaches the page without the store’s host or port (dev: %s)', async (dev) => {
    const store = new FlakyStore();
    const app = createApp({ states: [Risky], stateManager: store, logger: silentLogger });
    const { client } = await start({ app, dev });
    store.down = true;
    const ack = await client.send({ id: 'e1', state: 'risky', name: 'inc' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    client.socket.emit('core:resync', () => {}); // a failed resync is reported by core:error
    await expect.poll(() => client.errors.length).toBeGreaterThanOrEqual(1);
    const seen = client.frames.join('\n');
    expect(seen).toContain('STORE_UNAVAILABLE');
    expect(seen).not.toMatch(/10\.9\.8\.7|6390|redis:/);
  });
});

describe('tokens in logs', () => {
  it('are shortened in what the server logs through a custom logger', async () => {
    const store = new FlakyStore();
    const entries: [string, Record<string, unknown> | undefined][] = [];
    const logger: Logger = { ...silentLogger, error: (message, details) => entries.push([message, details]) };
    const app = createApp({ states: [Risky], stateManager: store });
    const { client, hydrate } = await start({ app, logger });
    store.down = true;
    await client.send({ id: 'e1', state: 'risky', name: 'inc' });
    client.socket.emit('core:resync', () => {});
    await expect.poll(() => entries.length).toBeGreaterThanOrEqual(2);
    for (const [message, details] of entries) {
      expect(message).not.toContain(hydrate.token);
      expect(details?.token).toBe(`${hydrate.token.slice(0, 6)}…`);
    }
  });

  it('are shortened in what consoleLogger writes, stacks included', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const token = 'AbCdEfGhIjKlMnOpQrStUv.0123456789abcdefghijABCDEFGHIJ_-';
    const error = new Error(`The lock on token "${token}" expired`);
    consoleLogger('debug').error(`Resyncing ${token} failed`, { token, error });
    vi.restoreAllMocks();
    const line = written.join('');
    expect(line).not.toContain(token);
    expect(line).not.toContain(token.slice(23));
    expect(line).toContain('AbCdEf…');
    expect(line).toContain('expired');
  });
});
