import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageRenderer } from '@core/server';
import { createApp, defineState, FieldError, silentLogger, withSchema } from '@core/state';
import { SSR_GLOBAL, type SsrPayload } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

let release: () => void = () => {};
const Guest = defineState('guest', {
  vars: { names: [] as string[], _audits: 0 },
  events: {
    sign: withSchema(z.object({ name: z.string().min(1, 'Enter a name.') }), (s, { name }) => {
      s.names.push(name);
      if (name === 'taken') throw new FieldError({ name: 'That name is taken.' });
    }),
    async slow(s) {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      s.names.push('slow');
    },
    _audit(s) {
      s._audits += 1;
    },
  },
});

/** A renderer without React: the page is the guest names; the payload rides in the document. */
const pages: PageRenderer = {
  async resolve(href) {
    const url = new URL(href, 'http://x');
    return { status: 200, href: url.pathname, path: url.pathname, route: '/guests', params: {}, query: {}, onLoad: [] };
  },
  async render(_href, hydration) {
    const guest = hydration.state.guest as { names: string[] };
    return { status: 200, html: `<p>${guest.names.join(',')}</p>`, head: '', hasTitle: false };
  },
  async template() {
    return '<!doctype html><html><head></head><body><div id="root"></div></body></html>';
  },
};

let server: CoreServer | undefined;
afterEach(async () => {
  release();
  await server?.close();
  server = undefined;
});

async function start(middlewares: CoreServer['use'] extends (m: infer M) => void ? M[] : never = []) {
  const app = createApp({ states: [Guest] });
  server = createServer({
    app,
    pages,
    middlewares,
    logger: silentLogger,
    maxPayloadBytes: 1_000,
    secret: 'form-post-test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-forms-')),
  });
  const { url } = await server.listen();
  const rendered = await (await fetch(`${url}/guests`, { headers: { accept: 'text/html' } })).text();
  return { app, url, token: payloadOf(rendered).token };
}

function payloadOf(html: string): SsrPayload {
  const json = new RegExp(`window\\.${SSR_GLOBAL}=(.*?)</script>`).exec(html)?.[1];
  return JSON.parse(json ?? 'null');
}

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${url}/guests`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('forms posted without JavaScript', () => {
  it("run the form's handler for the posted tab with the fields as payload, and render the page again", async () => {
    const { app, url, token } = await start();
    const response = await post(url, { 'core:event': 'guest.sign', 'core:token': token, name: 'Ada' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<p>Ada</p>');
    expect(payloadOf(html)).toMatchObject({ token, form: { event: 'guest.sign', ok: true, values: {} } });
    expect((await app.snapshot(token)).guest).toEqual({ names: ['Ada'] });
  });

  it('render a refusal with 422, the field messages and the values typed, and keep nothing of the handler', async () => {
    const { app, url, token } = await start();
    const taken = await post(url, { 'core:event': 'guest.sign', 'core:token': token, name: 'taken' });
    expect(taken.status).toBe(422);
    expect(payloadOf(await taken.text()).form).toEqual({
      event: 'guest.sign',
      ok: false,
      values: { name: 'taken' },
      errors: { name: 'That name is taken.' },
    });
    const empty = await post(url, { 'core:event': 'guest.sign', 'core:token': token, name: '' });
    expect(payloadOf(await empty.text()).form?.errors).toEqual({ name: 'Enter a name.' });
    const backend = await post(url, { 'core:event': 'guest._audit', 'core:token': token });
    expect(backend.status).toBe(422);
    expect(payloadOf(await backend.text()).form?.message).toMatch(/backend-only/);
    expect(await app.snapshot(token)).toMatchObject({ guest: { names: [] } });
  });

  it('refuse a post from another site, without a valid token, or over the size limit, before anything runs', async () => {
    const { app, url, token } = await start();
    const fields = { 'core:event': 'guest.sign', 'core:token': token, name: 'Mallory' };
    expect((await post(url, fields, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(url, fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(url, { ...fields, 'core:token': `${token}x` })).status).toBe(400);
    expect((await post(url, { ...fields, 'core:event': 'nodot' })).status).toBe(400);
    const big = await post(url, { ...fields, name: 'x'.repeat(2_000) });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/over 1000 bytes/);
    expect((await app.snapshot(token)).guest).toEqual({ names: [] });
  });

  it('bound the posts one address has running at once', async () => {
    const { url, token } = await start();
    const fields = { 'core:event': 'guest.slow', 'core:token': token };
    // The handler holds the token's lock, so the others wait in its queue: 8 running posts.
    const running = Array.from({ length: 8 }, () => post(url, fields));
    await expect.poll(async () => (await post(url, fields)).status).toBe(429);
    for (let i = 0; i < 8; i++) {
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const response of await Promise.all(running)) expect(response.status).toBe(200);
  });

  it('leave a url-encoded POST that a middleware answers to the middleware', async () => {
    const { url } = await start([
      (req, res, next) => (req.url === '/guests' && req.method === 'POST' ? res.end('mine') : next()),
    ]);
    const response = await post(url, { name: 'x' });
    expect(await response.text()).toBe('mine');
  });
});
