import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageLocation, type PageRenderer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import type { SsrPayload } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

// Issue 28, large state: the HTML carried every state, and the page then got all of them again.
// Now the HTML carries the states the render read, and connecting brings only the others.
const Small = defineState('small', { vars: { n: 0 }, events: { inc: (s) => void s.n++ } });
const Big = defineState('big', { vars: { text: 'x'.repeat(50_000) }, events: { touch: (s) => void (s.text += '!') } });

const pages: PageRenderer = {
  async resolve(href): Promise<PageLocation> {
    return { status: 200, href, path: href, route: '/', params: {}, query: {}, onLoad: [Small.inc()] };
  },
  async render(_href, hydration) {
    const small = hydration.state.small as { n: number };
    return { status: 200, html: `<p>${small.n}</p>`, head: '', hasTitle: false, states: ['small'] };
  },
  async template() {
    return '<!doctype html><html><head></head><body><div id="root"></div></body></html>';
  },
};

let server: CoreServer | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
});

async function start() {
  const app = createApp({ states: [Small, Big] });
  server = createServer({
    app,
    pages,
    logger: silentLogger,
    secret: 'sent-once-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-sent-once-')),
  });
  const { url } = await server.listen();
  const response = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
  const html = await response.text();
  const payload = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(html)?.[1] ?? '{}') as SsrPayload;
  return { app, url, html, payload };
}

describe('a page rendered on the server', () => {
  it('carries only the states its render read (and the router); the others are named as omitted', async () => {
    const { html, payload } = await start();
    expect(Object.keys(payload.state).sort()).toEqual(['router', 'small']);
    expect(payload.omitted).toEqual(['big']);
    expect(html).not.toContain('x'.repeat(1_000));
  });

  it('gets the omitted states when it connects, and not again the ones its HTML carried', async () => {
    const { url, payload } = await start();
    const { token, seq, epoch, shared } = payload;
    client = await connectClient(url, { token, seq, epoch, shared: positions(shared), missing: ['big'] });
    const hydrate = await client.firstHydrate;
    expect(Object.keys(hydrate.state)).toEqual(['big']);
    expect([...(hydrate.kept ?? [])].sort()).toEqual(['router', 'small']);
    expect(client.replays).toEqual([]);
  });

  it('sends a held state again when its document moved after the render', async () => {
    const { app, url, payload } = await start();
    const { token, seq, epoch, shared } = payload;
    await app.dispatch(token, Small.inc());
    client = await connectClient(url, { token, seq, epoch, shared: positions(shared), missing: ['big'] });
    const hydrate = await client.firstHydrate;
    expect(Object.keys(hydrate.state).sort()).toEqual(['big', 'router', 'small']);
    expect(hydrate.kept).toBeUndefined();
    expect((hydrate.state.small as { n: number }).n).toBe(2);
  });
});

function positions(shared: SsrPayload['shared']) {
  return shared && Object.fromEntries(Object.entries(shared).map(([k, v]) => [k, { seq: v.seq, epoch: v.epoch }]));
}
