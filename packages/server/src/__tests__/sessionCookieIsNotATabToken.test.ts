import { createHmac, randomUUID } from 'node:crypto';
import { type CoreServer, createServer, createTokenSigner } from '@core/server';
import { createApp, defineState, silentLogger, uploadHandler } from '@core/state';
import { SESSION_PATH } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest as http } from './httpRequest.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * Issue 23 item 4: a session cookie and a tab token were both `<id>.<HMAC>` under one key, so a
 * cookie (which any HTML GET mints, before any budget) was accepted as a tab token. Each purpose
 * now signs with its own derived key.
 */

const SECRET = 'purpose-secret-0123456789';
const Files = defineState('files', { vars: { n: 0 }, events: { receive: uploadHandler(() => {}) } });
const servers: CoreServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: { maxNewTokensPerIp?: number } = {}) {
  const server = createServer({
    app: createApp({ states: [Files], logger: silentLogger }),
    secret: SECRET,
    logger: silentLogger,
    dev: false,
    ...options,
  });
  servers.push(server);
  return (await server.listen(0)).url;
}

/** The session cookie an HTML GET hands out: its signed value. */
async function mintedCookie(url: string): Promise<string> {
  const page = await http(url, { headers: { accept: 'text/html' } });
  const setCookie = (page.headers['set-cookie'] as string[])[0];
  return setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
}

/** A value signed as every value was before purposes: the HMAC of the id under the secret itself. */
function legacyValue(): string {
  const id = randomUUID().replaceAll('-', '').slice(0, 22);
  return `${id}.${createHmac('sha256', SECRET).update(id).digest('base64url').slice(0, 32)}`;
}

describe('signing purposes', () => {
  it('a value signed for one purpose never verifies as another, nor does one signed the old way', () => {
    const tabs = createTokenSigner(SECRET);
    const sessions = tabs.for('session');
    const token = tabs.issue();
    const cookie = sessions.issue();
    expect(tabs.verify(token)).toBe(true);
    expect(sessions.verify(cookie)).toBe(true);
    expect(tabs.verify(cookie)).toBe(false);
    expect(sessions.verify(token)).toBe(false);
    expect(tabs.for('session-renew').verify(token)).toBe(false);
    expect(tabs.purposeOf(cookie)).toBe('session');
    expect(tabs.purposeOf(token)).toBe('tab');
    const legacy = legacyValue();
    expect(tabs.verify(legacy)).toBe(false);
    expect(sessions.verify(legacy)).toBe(false);
    expect(tabs.purposeOf(legacy)).toBeUndefined();
  });

  it('a session cookie presented as a socket token is not adopted: a new token is issued, within the budget', async () => {
    const url = await start({ maxNewTokensPerIp: 1 });
    const first = await connectClient(url);
    clients.push(first);
    const { token } = await first.firstHydrate;
    // The budget of new tokens is spent; cookies still come with every HTML GET.
    const cookie = await mintedCookie(url);
    expect(cookie).not.toBe(token);
    await expect(connectClient(url, { token: cookie })).rejects.toMatchObject({
      message: expect.stringMatching(/Connection refused: .*maxNewTokensPerIp/),
    });
    // A value signed the old way is refused the same way.
    await expect(connectClient(url, { token: legacyValue() })).rejects.toMatchObject({
      message: expect.stringMatching(/maxNewTokensPerIp/),
    });
    // The page's own token still reconnects.
    first.close();
    const again = await connectClient(url, { token });
    clients.push(again);
    expect((await again.firstHydrate).token).toBe(token);
  });

  it('with budget left, a page that sent a session cookie as its token gets a token of its own', async () => {
    const url = await start();
    const cookie = await mintedCookie(url);
    const client = await connectClient(url, { token: cookie });
    clients.push(client);
    const { token } = await client.firstHydrate;
    expect(token).not.toBe(cookie);
    expect(createTokenSigner(SECRET).verify(token)).toBe(true);
  });

  it('an upload that carries a session cookie as its token is refused with 401 saying so', async () => {
    const url = await start();
    const cookie = await mintedCookie(url);
    const answer = await http(`${url}/_core/upload?state=files&handler=receive`, {
      method: 'POST',
      headers: { 'x-core-token': cookie, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '0' },
      body: Buffer.alloc(0),
    });
    expect(answer.status).toBe(401);
    const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_TOKEN');
    expect(error.message).toMatch(/signed for "session", not a tab token/);
  });

  it('a tab token or an old-style value put in the session cookie counts as no session', async () => {
    const url = await start();
    const client = await connectClient(url);
    clients.push(client);
    const { token } = await client.firstHydrate;
    for (const value of [token, legacyValue()]) {
      const answer = await http(`${url}${SESSION_PATH}`, { headers: { cookie: `core_session=${value}` } });
      expect(JSON.parse(answer.body)).toEqual({ session: null });
    }
    const cookie = await mintedCookie(url);
    const answer = await http(`${url}${SESSION_PATH}`, { headers: { cookie: `core_session=${cookie}` } });
    expect(JSON.parse(answer.body).session).toEqual(expect.any(String));
  });
});
