import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { EventAck, HydrateMessage } from '@core/state/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreChild, freePort, makeProject, removeProject, runCore } from './support/coreProject.js';

// A pages app: a state whose on-load events record their order and keep a backend var.
const FILES: Record<string, string> = {
  'src/state/visit.ts': `import { defineState, RouterState } from '@core/state';

export const VisitState = defineState('visit', {
  vars: { order: [] as string[], id: '', _secret: 'backend-only-value' },
  events: {
    async first(s, _: void, ctx) {
      const router = await ctx.get(RouterState);
      s.order = [...s.order, 'first:' + String(router.params.id)];
    },
    second(s) {
      s.order = [...s.order, 'second'];
      s.id = s.order[0] ?? '';
    },
  },
});
`,
  'src/server.ts': `import { createApp } from '@core/state';
import { VisitState } from './state/visit';

export const app = createApp({ states: [VisitState] });
export const middlewares = [
  (req: { url?: string }, res: { end(body: string): void }, next: () => void) =>
    req.url === '/api/ping' ? res.end('pong') : next(),
];
`,
  'src/pages/_layout.tsx': `import type { ReactNode } from 'react';
export default function Layout({ children }: { children?: ReactNode }) {
  return <div id="layout">{children}</div>;
}
`,
  'src/pages/index.tsx': 'export default function Home() { return <p id="home">home</p>; }\n',
  'src/pages/users/[id].tsx': `import { useAppState } from '@core/react';
import { useRouter } from '@core/react/pages';
import { VisitState } from '../../state/visit';

export const onLoad = [VisitState.first(), VisitState.second()];
export const head = ({ params }: { params: Record<string, unknown> }) => ({ title: 'User ' + String(params.id), meta: { description: 'a <user>' } });

export default function User() {
  const { params } = useRouter<{ id: string }>();
  const { order } = useAppState(VisitState);
  return <p id="user">{params.id}: {order.join(',')}</p>;
}
`,
};

function makePagesProject(): string {
  const root = makeProject({ withApp: false });
  writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><html><head><title>app</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
  );
  for (const [file, content] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  writeFileSync(
    path.join(root, 'src/main.tsx'),
    `import { mountApp } from '@core/react/pages';
import { notFound, routes } from 'virtual:core-routes';
void mountApp(document.getElementById('root')!, { routes, notFound });
`,
  );
  return root;
}

/** A request as `curl` sends it: `Accept: *\/*` (or none, when `accept` is undefined), nothing else. */
function curl(url: string, accept: string | undefined, method = 'GET') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers: accept === undefined ? {} : { accept } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getHtml(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { accept: 'text/html', ...headers } });
  return { status: response.status, html: await response.text(), cookie: response.headers.get('set-cookie') };
}

for (const mode of ['dev', 'start'] as const) {
  describe(`a pages app under core ${mode}`, () => {
    let project: string;
    let child: CoreChild;
    let url: string;
    beforeAll(async () => {
      project = makePagesProject();
      if (mode === 'start') {
        const built = runCore(['build'], project);
        expect(built.stderr).not.toMatch(/error/i);
        expect(built.status).toBe(0);
      }
      const port = await freePort();
      child = new CoreChild([mode, '--port', String(port), '--host', '127.0.0.1'], project, {
        CORE_SECRET: 'pages-test-secret-0123456789',
      });
      await child.waitForOutput('ready at');
      url = `http://127.0.0.1:${port}`;
    }, 60_000);
    afterAll(async () => {
      await child?.kill();
      if (project) removeProject(project);
    });

    it('renders the page with the state its on-load events produced, in order, and no backend var', async () => {
      const { status, html } = await getHtml(`${url}/users/42`);
      expect(status).toBe(200);
      expect(html).toContain('<div id="layout"><p id="user">42<!-- -->: <!-- -->first:42,second</p></div>');
      expect(html).toContain('<title>User 42</title>');
      expect(html).not.toContain('<title>app</title>');
      expect(html).toContain('<meta name="description" content="a &#60;user&#62;">');
      expect(html).toContain('"route":"/users/:id"');
      expect(html).not.toContain('_secret');
      expect(html).not.toContain('backend-only-value');
      expect(html).toContain('<div id="root" aria-disabled="true">');
    });

    it('answers curl and health checks (Accept */* or none) with the page, as Vite does; files, /_core/ and the API are unchanged', async () => {
      for (const accept of ['*/*', undefined]) {
        const home = await curl(`${url}/`, accept);
        expect(home.status, `GET / with Accept ${accept}`).toBe(200);
        expect(home.type).toMatch(/^text\/html/);
        expect(home.body).toContain('<p id="home">home</p>');
        const user = await curl(`${url}/users/9`, accept);
        expect(user.status).toBe(200);
        expect(user.body).toContain('<p id="user">9<!-- -->: <!-- -->first:9,second</p>');
        const head = await curl(`${url}/users/9`, accept, 'HEAD');
        expect([head.status, head.body]).toEqual([200, '']);
        expect(head.type).toMatch(/^text\/html/);
        expect(await curl(`${url}/api/ping`, accept)).toMatchObject({ status: 200, body: 'pong' });
        expect((await curl(`${url}/_core/session`, accept)).type).toBe('application/json');
        expect((await curl(`${url}/robots.txt`, accept)).status).toBe(404);
        expect((await curl(`${url}/assets/index-Zzzzzzzz.js`, accept)).status).toBe(404);
      }
    });

    it('answers an unknown path with 404 (a built-in page when there is no _404)', async () => {
      const { status, html } = await getHtml(`${url}/no/such/page`);
      expect(status).toBe(404);
      expect(html).toContain('Page not found.');
    });

    it('renders with the token a page left in its cookie, and clears the cookie', async () => {
      const first = await getHtml(`${url}/users/1`);
      const token = /"token":"([^"]+)"/.exec(first.html)?.[1] ?? '';
      const again = await getHtml(`${url}/users/2`, { cookie: `core_token=${encodeURIComponent(token)}` });
      expect(again.html).toContain(`"token":"${token}"`);
      expect(again.html).toContain('first:1,second,first:2,second');
      // The session cookie a render issues comes first (both are set, neither overwrites the other).
      expect(again.cookie).toMatch(/(^|, )core_token=; Max-Age=0/);
      const forged = await getHtml(`${url}/users/3`, { cookie: 'core_token=forged.token' });
      expect(forged.html).not.toContain('"token":"forged.token"');
      expect(forged.html).toContain('<p id="user">3<!-- -->: <!-- -->first:3,second</p>');
    });

    it('a page adopting the rendered token does not run its on-load events again; a navigation does', async () => {
      const { html } = await getHtml(`${url}/users/5`);
      const token = /"token":"([^"]+)"/.exec(html)?.[1];
      const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
      try {
        const hydrate = await new Promise<HydrateMessage>((resolve) => socket.once('core:hydrate', resolve));
        expect(hydrate.token).toBe(token);
        const navigate = (href: string, reason: 'connect' | 'navigate') =>
          socket.timeout(10_000).emitWithAck('core:navigate', { href, reason }) as Promise<EventAck>;
        expect(await navigate('/users/5', 'connect')).toEqual({ ok: true });
        const resync = () => socket.timeout(10_000).emitWithAck('core:resync') as Promise<HydrateMessage>;
        expect((await resync()).state.visit?.order).toEqual(['first:5', 'second']);
        expect(await navigate('/users/6?tab=a', 'navigate')).toEqual({ ok: true });
        const { state } = await resync();
        expect(state.visit?.order).toEqual(['first:5', 'second', 'first:6', 'second']);
        expect(state.router).toMatchObject({
          path: '/users/6',
          params: { id: '6' },
          query: { tab: 'a' },
          loading: false,
        });
        expect(await navigate('//evil.example/', 'navigate')).toMatchObject({
          ok: false,
          error: { code: 'INVALID_EVENT' },
        });
      } finally {
        socket.disconnect();
      }
    });
  });
}

describe('an app without src/pages', () => {
  let project: string;
  let child: CoreChild;
  afterAll(async () => {
    await child?.kill();
    if (project) removeProject(project);
  });

  it('serves its index.html for HTML requests as before, and has no router state', async () => {
    project = makeProject();
    const port = await freePort();
    child = new CoreChild(['dev', '--port', String(port), '--host', '127.0.0.1'], project);
    await child.waitForOutput('ready at');
    const { status, html } = await getHtml(`http://127.0.0.1:${port}/some/client/route`);
    expect(status).toBe(200);
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toContain('__CORE_SSR__');
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const { state } = await new Promise<HydrateMessage>((resolve) => socket.once('core:hydrate', resolve));
      expect(state).toEqual({ counter: { count: 0 } });
    } finally {
      socket.disconnect();
    }
  }, 60_000);
});
