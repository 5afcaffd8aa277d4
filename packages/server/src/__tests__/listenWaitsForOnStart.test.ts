import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { describe, expect, it, vi } from 'vitest';

const Seeded = defineState('seeded', { scope: 'app', vars: { posts: 0 } });
const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-onstart-'));

describe('createServer().listen() and the app’s onStart', () => {
  it('accepts connections only once onStart has run: the first request finds what it seeded', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let called = false;
    const app = createApp({
      states: [Seeded],
      onStart: (handle) => {
        called = true;
        return gate.then(() =>
          handle.modifyState({ scope: 'app' }, async (tx) => {
            (await tx.get(Seeded)).posts = 100;
          }),
        );
      },
    });
    const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev: false });
    let listening = false;
    const listened = server.listen(0).then((address) => {
      listening = true;
      return address;
    });
    // onStart is running (held at the gate); a listen that did not wait would have bound by the next turn.
    await vi.waitFor(() => expect(called).toBe(true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.httpServer.listening).toBe(false);
    expect(listening).toBe(false);
    expect(server.httpServer.listening).toBe(false);
    release();
    await listened;
    expect((await app.snapshot('t')).seeded.posts).toBe(100);
    await server.close();
  });

  it('fails with what onStart threw, without listening', async () => {
    const app = createApp({ states: [Seeded], onStart: () => Promise.reject(new Error('no seed file')) });
    const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev: false });
    await expect(server.listen(0)).rejects.toThrow('no seed file');
    expect(server.httpServer.listening).toBe(false);
    await server.close();
  });
});
