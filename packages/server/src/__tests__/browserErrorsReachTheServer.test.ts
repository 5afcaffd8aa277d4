import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { type AppOptions, createApp, defineState, type Logger } from '@core/state';
import type { ClientErrorReport } from '@core/state/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

/** Issue 28: an error in the page reaches the server's log and the app's `onClientError` hook. */

const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function recorder() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const entry = (level: string) => (message: string, details?: Record<string, unknown>) =>
    void lines.push({ level, message, details });
  const logger: Logger = { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
  return { lines, logger };
}

async function start(onClientError: AppOptions['onClientError'], maxClientErrorsPerMinute?: number) {
  const { lines, logger } = recorder();
  const app = createApp({ states: [Counter], onClientError });
  const server = createServer({
    app,
    secret: 'test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-client-errors-')),
    logger,
    maxClientErrorsPerMinute,
    // The client's engine checks its ping deadline against Date.now(), which a test moves a minute on.
    socket: { pingInterval: 120_000 },
  });
  servers.push(server);
  const { url } = await server.listen(0);
  const client = await connectClient(url);
  clients.push(client);
  const { token } = await client.firstHydrate;
  return { app, client, token, lines };
}

describe('browser errors', () => {
  it('are logged with their stack and passed to onClientError with the tab’s token', async () => {
    const seen: { report: ClientErrorReport; token: string }[] = [];
    const { client, token, lines } = await start((report, ctx) => void seen.push({ report, token: ctx.token }));
    client.socket.emit('core:client-error', {
      kind: 'render',
      message: 'Cannot read properties of undefined',
      stack: 'TypeError: Cannot read properties of undefined\n    at Profile (app.js:10:5)',
      componentStack: '\n    at Profile\n    at App',
      href: '/users/7?tab=posts',
    });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({
      token,
      report: {
        kind: 'render',
        message: 'Cannot read properties of undefined',
        stack: 'TypeError: Cannot read properties of undefined\n    at Profile (app.js:10:5)',
        componentStack: '\n    at Profile\n    at App',
        href: '/users/7?tab=posts',
      },
    });
    const line = lines.find((entry) => entry.message.startsWith('A page reported'));
    expect(line?.level).toBe('error');
    expect(line?.message).toBe('A page reported a render error at /users/7: Cannot read properties of undefined');
    // The server's logger shortens tokens.
    expect(line?.details?.token).toBe(`${token.slice(0, 6)}…`);
    expect(String((line?.details?.error as Error | undefined)?.stack)).toContain('at Profile (app.js:10:5)');
  });

  it('are cut to size and cleaned of control characters; malformed messages are ignored', async () => {
    const seen: ClientErrorReport[] = [];
    const { client } = await start((report) => void seen.push(report));
    client.socket.emit('core:client-error', { kind: 'nonsense', message: 'x' });
    client.socket.emit('core:client-error', { kind: 'error' });
    client.socket.emit('core:client-error', 'just a string');
    client.socket.emit('core:client-error', {
      kind: 'error',
      message: `line one\nline two \u001b[31mred\u0007 ${'m'.repeat(5_000)}`,
      stack: 's'.repeat(20_000),
      extra: 'dropped',
    });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const [report] = seen;
    expect(report.message.startsWith('line one line two [31mred ')).toBe(true);
    expect(report.message).toHaveLength(1_024);
    expect(report.message.endsWith('…')).toBe(true);
    expect(report.stack).toHaveLength(8_192);
    expect(Object.keys(report).sort()).toEqual(['kind', 'message', 'stack']);
  });

  it('are limited per socket and minute: the rest are dropped, and said so once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const seen: string[] = [];
    const { client, lines } = await start((report) => void seen.push(report.message), 3);
    for (let i = 0; i < 8; i++) client.socket.emit('core:client-error', { kind: 'error', message: `boom ${i}` });
    // A last event: once it is acknowledged, every report sent before it was handled.
    await client.send({ id: 'e1', state: 'counter', name: 'inc' });
    expect(seen).toEqual(['boom 0', 'boom 1', 'boom 2']);
    expect(lines.filter((line) => line.message.includes('more than 3 errors in a minute'))).toHaveLength(1);
    vi.setSystemTime(Date.now() + 60_000);
    client.socket.emit('core:client-error', { kind: 'error', message: 'boom later' });
    await vi.waitFor(() => expect(seen).toContain('boom later'));
  });

  it('cannot crash the server through the hook: a throw or a rejection is logged and the page goes on', async () => {
    let calls = 0;
    const { app, client, token, lines } = await start(() => {
      calls += 1;
      if (calls === 1) throw new Error('hook threw');
      return Promise.reject(new Error('hook rejected'));
    });
    client.socket.emit('core:client-error', { kind: 'error', message: 'first' });
    client.socket.emit('core:client-error', { kind: 'unhandledrejection', message: 'second' });
    await vi.waitFor(() =>
      expect(
        lines.filter((line) => line.message === 'The onClientError hook failed').map((l) => String(l.details?.error)),
      ).toEqual(['Error: hook threw', 'Error: hook rejected']),
    );
    expect(await client.send({ id: 'e1', state: 'counter', name: 'inc' })).toEqual({ ok: true });
    expect((await app.snapshot(token)).counter.n).toBe(1);
  });
});
