import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageLocation, type PageRenderer } from '@core/server';
import { createApp, defineState, localStorage, MemoryStateManager, silentLogger } from '@core/state';
import type { TokenDoc } from '@core/state/internal';
import type { EventAck } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Prefs = defineState('prefs', {
  vars: { theme: localStorage('light', { name: 'theme' }), seenAtLoad: '' },
  events: {
    load(s) {
      s.seenAtLoad = s.theme;
    },
  },
});

const pages: PageRenderer = {
  async resolve(href) {
    const url = new URL(href, 'http://x');
    const location: PageLocation = {
      status: 200,
      href: url.pathname,
      path: url.pathname,
      route: '/',
      params: {},
      query: {},
      onLoad: [Prefs.load()],
    };
    return location;
  },
  async render() {
    return { status: 200, html: '<p></p>', head: '', hasTitle: false };
  },
  async template() {
    return '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>';
  },
};

/** A first unlocked read that is slow (a remote store): the stored values' dry run is overtaken. */
class SlowFirstRead extends MemoryStateManager {
  #reads = 0;
  override async get(token: string): Promise<TokenDoc | undefined> {
    if (this.#reads++ === 0) await new Promise((resolve) => setTimeout(resolve, 150));
    return super.get(token);
  }
}

let server: CoreServer | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
});

describe('stored values and on-load events', () => {
  it('a page that connects has its stored values applied before its on-load events run', async () => {
    const app = createApp({ states: [Prefs], stateManager: new SlowFirstRead() });
    server = createServer({
      app,
      pages,
      logger: silentLogger,
      secret: 'stored-secret-0123456789',
      cwd: mkdtempSync(path.join(os.tmpdir(), 'core-stored-')),
    });
    const { url } = await server.listen();
    client = await connectClient(url, { stored: { 'local:theme': 'dark' } } as never);
    const ack: EventAck = await client.socket
      .timeout(5_000)
      .emitWithAck('core:navigate', { href: '/', reason: 'connect' });
    expect(ack).toEqual({ ok: true });
    const { token } = await client.firstHydrate;
    expect((await app.snapshot(token)).prefs).toMatchObject({ theme: 'dark', seenAtLoad: 'dark' });
  });
});
