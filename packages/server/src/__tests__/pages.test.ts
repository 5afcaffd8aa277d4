import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type PageLocation, type PageRenderer } from '@core/server';
import { createApp, defineState, MemoryStateManager, silentLogger } from '@core/state';
import type { TokenDoc } from '@core/state/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from './socketClient.js';

const order: string[] = [];
const Profile = defineState('profile', {
  vars: { name: '', steps: [] as string[], _secret: 'backend-only-value' },
  events: {
    async first(s, _: void, ctx) {
      await new Promise((r) => setTimeout(r, 5)); // an async on-load still finishes before the next
      order.push('first');
      s.steps = [...s.steps, `first:${ctx.router.params.id}`];
    },
    second(s, _: void, ctx) {
      order.push('second');
      s.steps = [...s.steps, 'second'];
      s.name = `User ${ctx.router.params.id}`;
      s._secret = `still-secret-${ctx.router.ip}`;
    },
    guard(s, _: void, ctx) {
      s.name = 'guarded';
      ctx.client.redirect('/users/7?from=guard');
    },
    greet(_s, _: void, ctx) {
      ctx.client.toast('welcome');
    },
    async ask(s, _: void, ctx) {
      const started = Date.now();
      try {
        await ctx.client.call('pageWidth', undefined, { timeout: 5_000 });
      } catch (error) {
        s.name = `${(error as Error).message} after ${Date.now() - started < 1_000 ? 'under' : 'over'} 1 s`;
      }
    },
  },
});

declare module '@core/state' {
  interface ClientFunctions {
    pageWidth: { payload: void; result: number };
  }
}

/** On-load events of the pages that are not `/users/:id`. */
const otherPages: Record<string, PageLocation['onLoad']> = {
  '/guarded': [Profile.guard()],
  '/welcome': [Profile.greet()],
  '/welcome-then-guard': [Profile.greet(), Profile.guard()],
  '/asks': [Profile.ask()],
};

/** A renderer without React: the HTML is the profile as JSON-ish text. */
const pages: PageRenderer = {
  async resolve(href) {
    const url = new URL(href, 'http://x');
    const match = /^\/users\/([^/]+)$/.exec(url.pathname);
    const other = otherPages[url.pathname];
    const location: PageLocation = {
      status: match || other ? 200 : 404,
      href: url.pathname + url.search,
      path: url.pathname,
      route: match ? '/users/:id' : other ? url.pathname : '',
      params: match ? { id: match[1] as string } : {},
      query: Object.fromEntries(url.searchParams),
      onLoad: match ? [Profile.first(), Profile.second()] : (other ?? []),
    };
    return location;
  },
  async render(href, hydration) {
    if (href.startsWith('/users/broken')) throw new Error('a component threw');
    const profile = hydration.state.profile as { name: string; steps: string[] } | undefined;
    const text = `${profile?.name}|${profile?.steps.join(',')}`.replace(/</g, '&lt;');
    return { status: 200, html: `<p>${text}</p>`, head: '', hasTitle: false };
  },
  async template() {
    return '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>';
  },
};

let server: CoreServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  order.length = 0;
});

/** A store whose unlocked reads are slow (a remote store): what the router check of `connect` uses. */
class SlowReads extends MemoryStateManager {
  override async get(token: string): Promise<TokenDoc | undefined> {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return super.get(token);
  }
}

async function start(trustProxy = false, staticDir?: string, stateManager?: MemoryStateManager) {
  const app = createApp({ states: [Profile], stateManager });
  server = createServer({
    app,
    pages,
    trustProxy,
    staticDir,
    logger: silentLogger,
    secret: 'pages-test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-pages-')),
  });
  const { url } = await server.listen();
  return { app, url };
}

const html = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { accept: 'text/html', ...headers } });

describe('a server with pages', () => {
  it('runs the on-load events in order under the new router data before rendering, and keeps backend vars out', async () => {
    const { url } = await start();
    const response = await html(`${url}/users/42?tab=a`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(order).toEqual(['first', 'second']);
    expect(body).toContain('<div id="root" aria-disabled="true"><p>User 42|first:42,second</p></div>');
    const payload = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(body)?.[1] ?? '{}');
    expect(payload.state.router).toMatchObject({
      href: '/users/42?tab=a',
      route: '/users/:id',
      params: { id: '42' },
      query: { tab: 'a' },
      loading: false,
    });
    expect(payload.state.profile).toEqual({ name: 'User 42', steps: ['first:42', 'second'] });
    expect(body).not.toContain('_secret');
    expect(body).not.toContain('still-secret');
  });

  it('answers 404 for an unknown path, and leaves non-HTML requests alone', async () => {
    const { url } = await start();
    expect((await html(`${url}/nowhere`)).status).toBe(404);
    expect(order).toEqual([]);
    expect((await fetch(`${url}/users/1`, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await html(`${url}/healthz`)).status).toBe(200);
  });

  it('escapes the state it embeds so that a value cannot close the script', async () => {
    const { app, url } = await start();
    const first = await (await html(`${url}/users/1`)).text();
    const token = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(first)?.[1] ?? '{}').token as string;
    await app.modifyState(token, async (tx) => {
      (await tx.get(Profile)).steps = ['</script><script>alert(1)</script>'];
    });
    const again = await (await html(`${url}/users/1`, { cookie: `core_token=${token}` })).text();
    expect(again).not.toContain('</script><script>alert(1)');
    expect(again).toContain('\\u003c/script\\u003e');
  });

  // Regression (issue 23): the state went in with `replace('</head>', …)`, where `$\``, `$'`,
  // `$&` and `$$` are replacement patterns: the template's head was pasted into the script.
  it('embeds a state holding $ replacement patterns literally', async () => {
    const { app, url } = await start();
    const first = await (await html(`${url}/users/1`)).text();
    const token = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(first)?.[1] ?? '{}').token as string;
    const tricky = "a$`b$'c$&d$$e";
    await app.modifyState(token, async (tx) => {
      (await tx.get(Profile)).steps = [tricky];
    });
    const again = await (await html(`${url}/users/1`, { cookie: `core_token=${token}` })).text();
    expect(again.match(/<title>/g)).toHaveLength(1);
    const payload = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(again)?.[1] ?? '{}');
    expect(payload.state.profile.steps[0]).toBe(tricky);
  });

  // Regression (issue 28, bug 3): a redirect made by an on-load event during the server render of
  // a full page load went to a room no page had joined: the page stayed where it was.
  it('answers an on-load redirect with a 303 that keeps the tab: the next render has its state', async () => {
    const { url } = await start();
    const redirected = await fetch(`${url}/guarded?foo=bar`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('/users/7?from=guard');
    expect(redirected.headers.get('cache-control')).toBe('no-store');
    const cookie = /core_token=([^;]+); Max-Age=10; Path=\/; SameSite=Strict/.exec(
      redirected.headers.get('set-cookie') ?? '',
    );
    expect(cookie).not.toBeNull();
    // The redirected render is of the same tab: its on-load events run on top of the guard's change.
    const body = await (await html(`${url}/users/7?from=guard`, { cookie: `core_token=${cookie?.[1]}` })).text();
    const payload = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(body)?.[1] ?? '{}');
    expect(payload.token).toBe(decodeURIComponent(cookie?.[1] ?? ''));
    expect(payload.state.profile.steps).toEqual(['first:7', 'second']);
    expect(payload.actions).toBeUndefined();
  });

  it('carries the other client actions of on-load events in the HTML, a redirect among them replacing the entry', async () => {
    const { url } = await start();
    const payloadOf = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(response.status).toBe(200);
      return JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(await response.text())?.[1] ?? '{}');
    };
    expect((await payloadOf('/welcome')).actions).toEqual([{ type: 'toast', message: 'welcome' }]);
    expect((await payloadOf('/welcome-then-guard')).actions).toEqual([
      { type: 'toast', message: 'welcome' },
      { type: 'redirect', href: '/users/7?from=guard', replace: true },
    ]);
  });

  it('fails a client call of an on-load event during the render at once, saying why', async () => {
    const { url } = await start();
    const body = await (await html(`${url}/asks`)).text();
    const payload = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(body)?.[1] ?? '{}');
    expect(payload.state.profile.name).toMatch(/NO_PAGE.*server render.*after under 1 s/);
  });

  it('takes the client IP from X-Forwarded-For only when the proxy is trusted', async () => {
    const ipOf = async (trustProxy: boolean) => {
      const { url } = await start(trustProxy);
      const body = await (await html(`${url}/users/1`, { 'x-forwarded-for': '198.51.100.7, 10.0.0.1' })).text();
      await server?.close();
      server = undefined;
      return JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(body)?.[1] ?? '{}').state.router.ip as string;
    };
    expect(await ipOf(true)).toBe('198.51.100.7');
    expect(await ipOf(false)).toMatch(/127\.0\.0\.1/);
  });

  it('runs on-load events on connect only where the token is elsewhere (a fresh or gone state), and on each navigation', async () => {
    const { app, url } = await start();
    const client = await connectClient(url);
    try {
      const { token } = await client.firstHydrate;
      const navigate = (href: string, reason: 'connect' | 'navigate') =>
        client.socket.timeout(5_000).emitWithAck('core:navigate', { href, reason });
      expect(await navigate('/users/9', 'connect')).toEqual({ ok: true }); // a fresh token: runs
      expect(await navigate('/users/9', 'connect')).toEqual({ ok: true }); // already there: does not
      expect((await app.snapshot(token)).profile?.steps).toEqual(['first:9', 'second']);
      expect(await navigate('/users/9', 'navigate')).toEqual({ ok: true }); // a navigation always runs
      expect((await app.snapshot(token)).profile?.steps).toEqual(['first:9', 'second', 'first:9', 'second']);
      expect(await navigate('https://evil.example/', 'navigate')).toMatchObject({ ok: false });
      expect(await navigate('/users/9', 'sideways' as 'connect')).toMatchObject({ ok: false });
    } finally {
      client.close();
    }
  });

  it('sends the page without server HTML (status 500) when rendering fails, so the browser renders it', async () => {
    const { url } = await start();
    const response = await html(`${url}/users/broken`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('<div id="root" aria-disabled="true"></div>');
    expect(body).toContain('window.__CORE_SSR__=');
    expect(order).toEqual(['first', 'second']); // the on-load events ran; the state is there
  });

  it('serves a real file to a navigation, and renders every other path (dots included, / too)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-pages-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<p>static index</p>');
    writeFileSync(path.join(dir, 'report.txt'), 'the report');
    const { url } = await start(false, dir);
    expect(await (await html(`${url}/report.txt`)).text()).toBe('the report');
    const dotted = await (await html(`${url}/users/jane.doe`)).text();
    expect(dotted).toContain('<p>User jane.doe|first:jane.doe,second</p>');
    const root = await html(`${url}/`);
    expect(root.status).toBe(404); // no page for / in this renderer: rendered, not index.html
    expect(await root.text()).not.toContain('static index');
  });

  // Regression: a `connect` check that read the router after the next navigation had moved it
  // sent the token back to the rendered page (its on-load events ran again, the page stayed loading).
  it('handles a socket navigations in order: a connect followed at once by a navigation ends at the navigation', async () => {
    const { app, url } = await start(false, undefined, new SlowReads());
    const body = await (await html(`${url}/users/1`)).text();
    const token = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(body)?.[1] ?? '{}').token as string;
    const client = await connectClient(url, { token });
    try {
      await client.firstHydrate;
      const connect = client.socket
        .timeout(5_000)
        .emitWithAck('core:navigate', { href: '/users/1', reason: 'connect' });
      const go = client.socket.timeout(5_000).emitWithAck('core:navigate', { href: '/users/2', reason: 'navigate' });
      expect(await Promise.all([connect, go])).toEqual([{ ok: true }, { ok: true }]);
      const state = await app.snapshot(token);
      expect(state.router?.href).toBe('/users/2');
      expect(state.profile?.steps).toEqual(['first:1', 'second', 'first:2', 'second']);
    } finally {
      client.close();
    }
  });
});
