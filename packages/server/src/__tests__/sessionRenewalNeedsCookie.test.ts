import { type CoreServer, createServer, createTokenSigner } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { SESSION_PATH, SESSION_PROOF_HEADER, type SessionMessage } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionRenewals } from '../sessionRenewals.js';
import { httpRequest as http } from './httpRequest.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * Issue 23 item 3: `POST /_core/session` with any valid tab token answered `Set-Cookie` for that
 * tab's session, so a script that read the token (sessionStorage, the SSR state) got the HTTP-only
 * cookie. Renewal now takes the server's one-time proof and the browser's previous cookie.
 */

const SECRET = 'renewal-secret-0123456789';
const Account = defineState('account', {
  vars: { user: '' },
  events: {
    async signIn(s, name: string, ctx) {
      await ctx.signIn({ name });
      s.user = name;
    },
  },
});
const servers: CoreServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start() {
  const server = createServer({
    app: createApp({ states: [Account], logger: silentLogger }),
    secret: SECRET,
    logger: silentLogger,
    dev: false,
  });
  servers.push(server);
  return (await server.listen(0)).url;
}

/** `core_session=<value>` from a response's Set-Cookie, or undefined. */
function cookieOf(headers: Record<string, unknown>): string | undefined {
  const setCookie = (headers['set-cookie'] as string[] | undefined)?.[0];
  return setCookie?.slice(0, setCookie.indexOf(';'));
}

/** A tab (with the browser's cookie, if any) that signs in and gets the `renew` message. */
async function signedInTab(url: string, cookie: string | undefined) {
  const client = await connectClient(url, {}, cookie ? { cookie } : undefined);
  clients.push(client);
  const { token } = await client.firstHydrate;
  const renew = new Promise<SessionMessage>((resolve) => client.socket.once('core:session', resolve));
  expect(await client.send({ id: 'e1', state: 'account', name: 'signIn', payload: 'ada' })).toEqual({ ok: true });
  return { token, message: await renew };
}

const renew = (url: string, headers: Record<string, string>) =>
  http(`${url}${SESSION_PATH}`, { method: 'POST', headers });

describe('POST /_core/session', () => {
  it('refuses the tab token alone, or with a proof but without the browser cookie; gives the cookie once with both', async () => {
    const url = await start();
    const before = cookieOf((await http(url, { headers: { accept: 'text/html' } })).headers) as string;
    const { token, message } = await signedInTab(url, before);
    expect(message).toMatchObject({ renew: true, proof: expect.any(String) });
    const proof = message.proof as string;

    // What a script that read the token could send from anywhere: no proof, no cookie.
    const tokenOnly = await renew(url, { 'x-core-token': token });
    expect(tokenOnly.status).toBe(403);
    expect(cookieOf(tokenOnly.headers)).toBeUndefined();
    expect(tokenOnly.body).toMatch(/needs the proof the server sent with core:session/);
    // With the proof (a script in the page could see it) but not the HTTP-only cookie.
    const noCookie = await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof });
    expect(noCookie.status).toBe(403);
    expect(noCookie.body).toMatch(/does not carry the browser's session cookie/);
    expect(cookieOf(noCookie.headers)).toBeUndefined();
    // Another browser's cookie does not do either.
    const other = cookieOf((await http(url, { headers: { accept: 'text/html' } })).headers) as string;
    expect((await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof, cookie: other })).status).toBe(
      403,
    );
    // A proof made up or issued to another tab is refused.
    const forged = `${proof.slice(0, -4)}AAAA`;
    const forgedAnswer = await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: forged, cookie: before });
    expect(forgedAnswer.status).toBe(403);
    expect(forgedAnswer.body).toMatch(/not issued to this tab/);

    // The browser itself: token, proof and its cookie.
    const granted = await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof, cookie: before });
    expect(granted.status).toBe(204);
    const after = cookieOf(granted.headers);
    expect(after).toMatch(/^core_session=/);
    expect(after).not.toBe(before);
    // Once only.
    const again = await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof, cookie: before });
    expect(again.status).toBe(403);
    expect(again.body).toMatch(/used already/);
  });

  it('a tab that had no browser session renews with its proof alone, once', async () => {
    const url = await start();
    const { token, message } = await signedInTab(url, undefined);
    const proof = message.proof as string;
    expect((await renew(url, { 'x-core-token': token })).status).toBe(403);
    const granted = await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof });
    expect(granted.status).toBe(204);
    expect(cookieOf(granted.headers)).toMatch(/^core_session=/);
    expect((await renew(url, { 'x-core-token': token, [SESSION_PROOF_HEADER]: proof })).status).toBe(403);
  });

  it('a session cookie in the token header is refused, saying what it is', async () => {
    const url = await start();
    const cookie = cookieOf((await http(url, { headers: { accept: 'text/html' } })).headers) as string;
    const answer = await renew(url, { 'x-core-token': cookie.slice(cookie.indexOf('=') + 1), cookie });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/signed for "session", not a tab token/);
  });
});

describe('SessionRenewals', () => {
  it('a proof expires after its time to live', () => {
    let now = 1_000_000;
    const renewals = new SessionRenewals(createTokenSigner(SECRET), { ttl: 30_000, now: () => now });
    const token = createTokenSigner(SECRET).issue();
    const proof = renewals.issue(token, undefined);
    expect(renewals.check(token, proof)).toBeUndefined();
    expect(renewals.check(createTokenSigner(SECRET).issue(), proof)).toMatch(/not issued to this tab/);
    now += 30_000;
    expect(renewals.check(token, proof)).toMatch(/expired/);
  });
});
