import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageRenderer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import {
  FormField,
  SESSION_PATH,
  SESSION_PROOF_COOKIE,
  SESSION_PROOF_HEADER,
  type SessionMessage,
  TOKEN_COOKIE,
} from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpAnswer, httpRequest as http } from './httpRequest.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * Regression (examples/chat, 3 runs in 15): a tab signed in and its page showed the name at once,
 * but the browser got the new session cookie only after the page's POST to /_core/session; a
 * reload in between went out with the old cookie, rendered the old session and linked the tab back
 * to it, and the sign-in was gone. The page now leaves its renewal proof with its token as it
 * unloads, and the render makes the POST's checks: the old cookie, the tab's token and the proof
 * issued to it give the new session; anything less, or another browser's cookie, gives nothing.
 */

const Profile = defineState('profile', { scope: 'session', vars: { name: '' } });
const Account = defineState('account', {
  vars: { draft: '' },
  events: {
    async signIn(_s, name: string, ctx) {
      await ctx.signIn({ name });
      (await ctx.get(Profile)).name = name;
    },
    noop() {},
  },
});

/** Renders `name=<the session's name>` at every path. */
const pages: PageRenderer = {
  async resolve(href) {
    const url = new URL(href, 'http://x');
    return { status: 200, href, path: url.pathname, route: url.pathname, params: {}, query: {}, onLoad: [] };
  },
  async render(_href, hydration) {
    const profile = hydration.state.profile as { name: string } | undefined;
    return { status: 200, html: `<p>name=${profile?.name ?? ''}</p>`, head: '', hasTitle: false };
  },
  async template() {
    return '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>';
  },
};

const clients: TestClient[] = [];
let server: CoreServer | undefined;
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function start(): Promise<string> {
  server = createServer({
    app: createApp({ states: [Profile, Account], logger: silentLogger }),
    pages,
    logger: silentLogger,
    secret: 'quick-reload-secret-0123456789',
    dev: false,
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-quick-reload-')),
  });
  return (await server.listen()).url;
}

/** The `name=value` pairs a response sets (Set-Cookie), by name. */
function setCookies(answer: HttpAnswer): Record<string, string> {
  const all = (answer.headers['set-cookie'] as string[] | undefined) ?? [];
  return Object.fromEntries(all.map((line) => line.slice(0, line.indexOf(';')).split(/=(.*)/s).slice(0, 2)));
}

/** A fresh browser: its first page load's session cookie (`core_session=...`). */
async function newBrowser(url: string): Promise<string> {
  const answer = await http(`${url}/`, { headers: { accept: 'text/html' } });
  return `core_session=${setCookies(answer).core_session}`;
}

/** A tab of the browser holding `cookie` that signs in as `name`; the proof it was sent to renew its cookie. */
async function signIn(url: string, cookie: string, name: string): Promise<{ token: string; proof: string }> {
  const client = await connectClient(url, {}, { cookie });
  clients.push(client);
  const { token } = await client.firstHydrate;
  const renew = new Promise<SessionMessage>((resolve) => client.socket.once('core:session', resolve));
  expect(await client.send({ id: 'e1', state: 'account', name: 'signIn', payload: name })).toMatchObject({ ok: true });
  const { proof } = await renew;
  return { token, proof: proof as string };
}

/** A reload of the tab: what the page left as it unloaded goes with the browser's `cookie`. */
function reload(url: string, cookie: string, left: { token: string; proof?: string }): Promise<HttpAnswer> {
  const parts = [cookie, `${TOKEN_COOKIE}=${encodeURIComponent(left.token)}`];
  if (left.proof !== undefined) parts.push(`${SESSION_PROOF_COOKIE}=${encodeURIComponent(left.proof)}`);
  return http(`${url}/room`, { headers: { accept: 'text/html', cookie: parts.join('; ') } });
}

describe('a page load right after a sign-in', () => {
  it('with the old cookie, the tab token and its left proof: renders the new session and sets its cookie', async () => {
    const url = await start();
    const before = await newBrowser(url);
    const left = await signIn(url, before, 'Ada');
    // Another tab of the same browser, still on the old session: told to follow once the cookie is set.
    const sibling = await connectClient(url, {}, { cookie: before });
    clients.push(sibling);
    await sibling.firstHydrate;
    const told = new Promise<SessionMessage>((resolve) => sibling.socket.once('core:session', resolve));
    const answer = await reload(url, before, left);
    expect(answer.status).toBe(200);
    expect(await told).toMatchObject({ reconnect: true, session: expect.any(String) });
    expect(answer.body).toContain('<p>name=Ada</p>');
    const set = setCookies(answer);
    expect(set.core_session).toMatch(/\S/);
    expect(`core_session=${set.core_session}`).not.toBe(before);
    // The proof and the token the page left are cleared; exactly one session cookie is set.
    expect(set[SESSION_PROOF_COOKIE]).toBe('');
    expect(set[TOKEN_COOKIE]).toBe('');
    expect((answer.headers['set-cookie'] as string[]).filter((line) => line.startsWith('core_session='))).toHaveLength(
      1,
    );
    // The new cookie is the tab's session: another page load with it alone shows the name.
    const after = await http(`${url}/`, {
      headers: { accept: 'text/html', cookie: `core_session=${set.core_session}` },
    });
    expect(after.body).toContain('<p>name=Ada</p>');
    // The proof was used up: the page's own POST, arriving late, gets nothing more.
    const late = await http(`${url}${SESSION_PATH}`, {
      method: 'POST',
      headers: { 'x-core-token': left.token, [SESSION_PROOF_HEADER]: left.proof, cookie: before },
    });
    expect(late.status).toBe(403);
    expect(late.body).toMatch(/used already/);
  });

  it("with ANOTHER browser's cookie: the tab's proof is not adopted, that browser keeps its own session", async () => {
    const url = await start();
    const left = await signIn(url, await newBrowser(url), 'Ada');
    const other = await newBrowser(url);
    const answer = await reload(url, other, left);
    expect(answer.body).toContain('<p>name=</p>');
    expect(setCookies(answer).core_session).toBeUndefined();
    expect(setCookies(answer)[SESSION_PROOF_COOKIE]).toBe('');
  });

  it('with the old cookie and the tab token but no proof: renders the old session, sets no cookie', async () => {
    // What a script that read the token could send from a browser holding the old cookie (a
    // session id planted before the sign-in): the token and that cookie never get the new session.
    const url = await start();
    const before = await newBrowser(url);
    const left = await signIn(url, before, 'Ada');
    const answer = await reload(url, before, { token: left.token });
    expect(answer.body).toContain('<p>name=</p>');
    expect(setCookies(answer).core_session).toBeUndefined();
  });

  it('with a proof the POST used already, or one issued to another tab: nothing is adopted', async () => {
    const url = await start();
    const before = await newBrowser(url);
    const first = await signIn(url, before, 'Ada');
    const posted = await http(`${url}${SESSION_PATH}`, {
      method: 'POST',
      headers: { 'x-core-token': first.token, [SESSION_PROOF_HEADER]: first.proof, cookie: before },
    });
    expect(posted.status).toBe(204);
    const used = await reload(url, before, first);
    expect(setCookies(used).core_session).toBeUndefined();

    const browser = await newBrowser(url);
    const a = await signIn(url, browser, 'Grace');
    const b = await signIn(url, browser, 'Linus');
    const swapped = await reload(url, browser, { token: a.token, proof: b.proof });
    expect(setCookies(swapped).core_session).toBeUndefined();
  });

  it('a form posted with the old cookie and the left proof runs its handler in the new session', async () => {
    const url = await start();
    const before = await newBrowser(url);
    const left = await signIn(url, before, 'Ada');
    const cookie = `${before}; ${SESSION_PROOF_COOKIE}=${encodeURIComponent(left.proof)}`;
    const body = new URLSearchParams({ [FormField.token]: left.token, [FormField.event]: 'account.noop' });
    const answer = await http(`${url}/room`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, host: new URL(url).host, cookie },
      body: Buffer.from(body.toString()),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<p>name=Ada</p>');
    expect(`core_session=${setCookies(answer).core_session}`).not.toBe(before);
  });
});
