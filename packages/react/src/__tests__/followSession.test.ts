import { SESSION_PATH, SESSION_PROOF_HEADER } from '@core/state/protocol';
import { afterEach, expect, it, vi } from 'vitest';
import { followSession } from '../followSession.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A fetch that answers GET SESSION_PATH with `answers` in turn (the last one from then on). */
function fingerprintFetch(answers: (string | null)[]) {
  const calls: string[] = [];
  const fetch = vi.fn(async (url: URL, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    const session = answers[Math.min(calls.length - 1, answers.length - 1)];
    return new Response(JSON.stringify({ session }), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

it('another tab signed in: waits until the browser sends the new cookie, then reconnects', async () => {
  // Proves the page does not reconnect on a timer: with the old cookie still sent twice, it
  // checks a third time and only then resolves (reconnecting earlier would carry the old session).
  vi.useFakeTimers();
  const calls = fingerprintFetch(['old-print', 'old-print', 'new-print']);
  let done = false;
  const following = followSession({ reconnect: true, session: 'new-print' }, 'tab-token', 'http://app.test').then(
    (reconnect) => {
      done = true;
      return reconnect;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  expect(calls).toEqual([`GET ${SESSION_PATH}`]);
  await vi.advanceTimersByTimeAsync(25);
  expect(calls.length).toBe(2);
  expect(done).toBe(false);
  await vi.advanceTimersByTimeAsync(50);
  expect(calls.length).toBe(3);
  expect(await following).toBe(true);
});

it('gives up waiting after about three seconds and reconnects anyway', async () => {
  vi.useFakeTimers();
  const calls = fingerprintFetch(['old-print']);
  const following = followSession({ reconnect: true, session: 'new-print' }, 'tab-token', 'http://app.test');
  await vi.advanceTimersByTimeAsync(3_200);
  expect(await following).toBe(true);
  expect(calls.length).toBe(8);
});

it('this tab signed in: posts its token for the new cookie', async () => {
  const calls = fingerprintFetch([null]);
  expect(await followSession({ renew: true }, 'tab-token', 'http://app.test')).toBe(true);
  expect(calls).toEqual([`POST ${SESSION_PATH}`]);
});

it('this tab signed in: sends the proof the server gave with the token, and the browser cookie (credentials)', async () => {
  // Regression (issue 23 item 3): the token alone no longer gets the HTTP-only cookie.
  const fetch = vi.fn(async (_url: URL, _init?: RequestInit) => new Response(null, { status: 204 }));
  vi.stubGlobal('fetch', fetch);
  expect(await followSession({ renew: true, proof: 'the-proof' }, 'tab-token', 'http://app.test')).toBe(true);
  const init = fetch.mock.calls[0]?.[1];
  expect(init).toMatchObject({
    method: 'POST',
    credentials: 'include',
    headers: { 'x-core-token': 'tab-token', [SESSION_PROOF_HEADER]: 'the-proof' },
  });
});

it('a message that asks for nothing is ignored', async () => {
  const calls = fingerprintFetch([null]);
  expect(await followSession({}, 'tab-token', 'http://app.test')).toBe(false);
  expect(calls).toEqual([]);
});
