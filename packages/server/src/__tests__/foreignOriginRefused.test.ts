import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type ServerOptions } from '@core/server';
import { createApp, defineState, type Logger, silentLogger } from '@core/state';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';

const Counter = defineState('counter', { vars: { n: 0 }, events: { inc: (s) => void (s.n += 1) } });

const servers: CoreServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<ServerOptions> = {}) {
  const server = createServer({
    app: createApp({ states: [Counter] }),
    secret: 'test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-origin-')),
    logger: silentLogger,
    dev: false,
    ...options,
  });
  servers.push(server);
  const { port } = await server.listen(0);
  return { server, port };
}

/** Connects like a browser page of `origin` would (the Origin header set), or like a program (none). */
function handshake(port: number, origin?: string, host?: string): Promise<'connected' | 'refused'> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { ...(origin === undefined ? {} : { origin }), ...(host === undefined ? {} : { host }) },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', () => {
      socket.disconnect();
      resolve('refused');
    });
  });
}

describe('the socket.io handshake checks the Origin', () => {
  it('refuses a page of another origin and lets a page of the same origin in', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const { port } = await start({ logger });
    expect(await handshake(port, 'https://evil.example')).toBe('refused');
    expect(await handshake(port, `http://localhost:${port}`)).toBe('refused'); // another host name
    expect(await handshake(port, `http://127.0.0.1:${port + 1}`)).toBe('refused'); // another port
    expect(await handshake(port, 'null')).toBe('refused'); // a sandboxed frame or a file: page
    expect(await handshake(port, `http://127.0.0.1:${port}`)).toBe('connected');
    expect(warnings[0]).toContain('"https://evil.example"');
  });

  it('in development, refuses a same-origin page whose DNS name could be re-pointed at 127.0.0.1 (DNS rebinding)', async () => {
    const dev = await start({ dev: true });
    const rebound = `rebind.example:${dev.port}`;
    expect(await handshake(dev.port, `http://${rebound}`, rebound)).toBe('refused');
    expect(await handshake(dev.port, `http://localhost:${dev.port}`, `localhost:${dev.port}`)).toBe('connected');
    expect(await handshake(dev.port, `http://127.0.0.1:${dev.port}`)).toBe('connected');
    expect(await handshake(dev.port, `http://[::1]:${dev.port}`, `[::1]:${dev.port}`)).toBe('connected');
    // A production server is reached by its DNS name: same origin is enough there.
    const production = await start({ dev: false });
    const named = `app.example:${production.port}`;
    expect(await handshake(production.port, `http://${named}`, named)).toBe('connected');
  });

  it('lets a program without an Origin header in (CSRF needs a browser, and browsers always send one)', async () => {
    const { port } = await start();
    expect(await handshake(port)).toBe('connected');
  });

  it('with allowedOrigins, lets exactly those origins in', async () => {
    const { port } = await start({ allowedOrigins: ['https://app.example.com', 'http://127.0.0.1:5173'] });
    expect(await handshake(port, 'https://app.example.com')).toBe('connected');
    expect(await handshake(port, 'http://127.0.0.1:5173')).toBe('connected');
    expect(await handshake(port, 'https://evil.example')).toBe('refused');
    expect(await handshake(port, `http://127.0.0.1:${port}`)).toBe('refused');
    expect(await handshake(port)).toBe('connected');
  });

  it('refuses an allowedOrigins entry that is not an origin, saying how to write it', () => {
    const app = createApp({ states: [Counter] });
    const create = (origin: string) => () =>
      createServer({ app, secret: 'test-secret-0123456789', logger: silentLogger, allowedOrigins: [origin] });
    expect(create('https://app.example.com/')).toThrow(/write it as "https:\/\/app.example.com"/);
    expect(create('app.example.com')).toThrow(/not an origin/);
  });

  it('runs a socket.allowRequest of the app after the Origin check', async () => {
    const { port } = await start({
      socket: { allowRequest: (req, callback) => callback(null, req.headers['x-allow'] === 'yes') },
    });
    expect(await handshake(port)).toBe('refused');
  });
});

describe('transports', () => {
  it('answers no long-polling handshake: websocket only', async () => {
    const { port } = await start();
    const response = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Transport unknown' });
  });
});
