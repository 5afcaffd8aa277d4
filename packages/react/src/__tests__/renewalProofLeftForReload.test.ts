// @vitest-environment happy-dom
import { CoreClient } from '@core/react';
import { SESSION_PATH, SESSION_PROOF_COOKIE, TOKEN_COOKIE } from '@core/state/protocol';
import { afterEach, expect, it, vi } from 'vitest';
import { memoryStorage, scriptedServer } from './scriptedServer.js';

/**
 * Regression (examples/chat): a reload right after signing in went out with the old session
 * cookie, because the page's POST for the new one had not been answered yet. While it has not, the
 * page leaves the proof of the renewal with its token (the render finishes the renewal); once it
 * has, only the token.
 */

afterEach(() => {
  vi.unstubAllGlobals();
  for (const name of [TOKEN_COOKIE, SESSION_PROOF_COOKIE]) {
    // biome-ignore lint/suspicious/noDocumentCookie: the test clears what the page left.
    document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
});

/** The cookies the page left, by name. */
function leftCookies(): Record<string, string> {
  return Object.fromEntries(
    document.cookie
      .split('; ')
      .filter(Boolean)
      .map((part) => part.split(/=(.*)/s).slice(0, 2)),
  );
}

it('leaves the renewal proof with the token until the POST for the new cookie is answered', async () => {
  let answer!: () => void;
  const posted: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL, init?: RequestInit) => {
      posted.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      await new Promise<void>((resolve) => {
        answer = resolve;
      });
      return new Response(null, { status: 204 });
    }),
  );
  const server = await scriptedServer();
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  try {
    await expect.poll(() => client.getStatus()).toBe('connected');
    window.dispatchEvent(new Event('beforeunload'));
    expect(leftCookies()).toEqual({ [TOKEN_COOKIE]: 'tok' });

    server.sockets[0]?.emit('core:session', { renew: true, proof: 'proof-1' });
    await expect.poll(() => posted).toEqual([`POST ${SESSION_PATH}`]);
    window.dispatchEvent(new Event('beforeunload'));
    expect(leftCookies()).toEqual({ [TOKEN_COOKIE]: 'tok', [SESSION_PROOF_COOKIE]: 'proof-1' });

    // The POST is answered (the browser holds the new cookie): a page load needs no proof.
    // biome-ignore lint/suspicious/noDocumentCookie: clears the proof the last unload left.
    document.cookie = `${SESSION_PROOF_COOKIE}=; Max-Age=0; Path=/`;
    answer();
    await expect.poll(() => server.sockets.length).toBe(2); // it reconnected with the new cookie
    window.dispatchEvent(new Event('beforeunload'));
    expect(leftCookies()).toEqual({ [TOKEN_COOKIE]: 'tok' });
  } finally {
    client.close();
    await server.close();
  }
});
