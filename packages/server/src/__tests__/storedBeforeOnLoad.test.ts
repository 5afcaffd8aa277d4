import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageLocation, type PageRenderer } from '@core/server';
import { type App, cookie, createApp, defineState, localStorage, MemoryStateManager, silentLogger } from '@core/state';
import type { TokenDoc } from '@core/state/internal';
import type { EventAck } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Prefs = defineState('prefs', {
  vars: {
    theme: localStorage('light', { name: 'theme' }),
    flavor: cookie('plain', { name: 'flavor', maxAge: 60 }),
    scoped: cookie('none', { name: 'scoped', path: '/admin' }),
    seenAtLoad: '',
  },
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

/** Serves `app` with the pages above; resolves with its URL. */
async function listen(app: App): Promise<string> {
  server = createServer({
    app,
    pages,
    logger: silentLogger,
    secret: 'stored-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-stored-')),
  });
  return (await server.listen()).url;
}

describe('stored values and on-load events', () => {
  it('a page that connects has its stored values applied before its on-load events run', async () => {
    const app = createApp({ states: [Prefs], stateManager: new SlowFirstRead() });
    const url = await listen(app);
    client = await connectClient(url, { stored: { 'local:theme': 'dark' } } as never);
    const ack: EventAck = await client.socket
      .timeout(5_000)
      .emitWithAck('core:navigate', { href: '/', reason: 'connect' });
    expect(ack).toEqual({ ok: true });
    const { token } = await client.firstHydrate;
    expect((await app.snapshot(token)).prefs).toMatchObject({ theme: 'dark', seenAtLoad: 'dark' });
  });

  // Regression (issue 28): an expired cookie was simply not sent, so a reload rendered the tab's
  // old value and the page kept it.
  it('a server render puts back the default of a cookie var the request no longer carries', async () => {
    const app = createApp({ states: [Prefs] });
    const url = await listen(app);
    const payload = /window\.__CORE_SSR__=(.*?)<\/script>/;
    const render = async (cookies: string) => {
      const html = await (await fetch(`${url}/`, { headers: { accept: 'text/html', cookie: cookies } })).text();
      return JSON.parse(payload.exec(html)?.[1] ?? '{}');
    };
    const first = await render('flavor=mint; scoped=on');
    expect(first.state.prefs).toMatchObject({ flavor: 'mint', scoped: 'on', seenAtLoad: 'light' });
    expect(first.storage.map((b: { key: string }) => b.key)).toEqual(['local:theme', 'cookie:flavor', 'cookie:scoped']);
    // A reload of the same tab (its token cookie) after `flavor` expired; `scoped` is not sent to
    // `/` (its path is /admin), which says nothing about whether the browser still has it.
    const again = await render(`core_token=${first.token}`);
    expect(again.token).toBe(first.token);
    expect(again.state.prefs).toMatchObject({ flavor: 'plain', scoped: 'on' });
  });
});
