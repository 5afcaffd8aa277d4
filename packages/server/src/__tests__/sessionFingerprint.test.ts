import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { SESSION_PATH } from '@core/state/protocol';
import { afterEach, expect, it } from 'vitest';
import { httpRequest } from './httpRequest.js';

const Counter = defineState('counter', { vars: { n: 0 }, events: {} });
let server: CoreServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A GET with these headers: status, headers and body. */
const get = (url: string, headers: Record<string, string> = {}) => httpRequest(url, { headers });

it('GET /_core/session names the session cookie the browser sends, without revealing it', async () => {
  // Proves what a page following another tab's sign-in relies on: the same cookie always gets the
  // same fingerprint, another session another one, a forged or missing cookie none.
  server = createServer({
    app: createApp({ states: [Counter], logger: silentLogger }),
    secret: 'test-secret-0123456789abcdef',
    logger: silentLogger,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const cookieOf = async () => {
    const page = await get(url, { accept: 'text/html' });
    const setCookie = (page.headers['set-cookie'] as string[])[0];
    return setCookie.slice(0, setCookie.indexOf(';'));
  };
  const [first, second] = [await cookieOf(), await cookieOf()];
  const fingerprint = async (cookie?: string) => {
    const answer = await get(`${url}${SESSION_PATH}`, cookie ? { cookie } : {});
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    return (JSON.parse(answer.body) as { session: string | null }).session;
  };
  const printed = await fingerprint(first);
  expect(typeof printed).toBe('string');
  expect(await fingerprint(first)).toBe(printed);
  expect(await fingerprint(second)).not.toBe(printed);
  expect(first).not.toContain(printed as string); // not the id, nor its signature
  expect(await fingerprint()).toBeNull();
  expect(await fingerprint(`${first.slice(0, -2)}xx`)).toBeNull();
});
