// @vitest-environment happy-dom
import { CoreClient } from '@core/react';
import {
  CoreApp,
  definePage,
  Link,
  loadPage,
  matchRoute,
  PageRouter,
  parseHref,
  type RouteDefinition,
  useRouter,
} from '@core/react/pages';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const route = (pattern: string, page: RouteDefinition['page'] = async () => ({ default: () => null })) => ({
  pattern,
  file: pattern,
  page,
  layouts: [],
});

describe('definePage', () => {
  it('declares the component, on-load events and head in one default export', async () => {
    const load = { state: 'user', name: 'load', payload: undefined };
    const table = {
      routes: [
        route('/users/:id', async () => ({
          default: definePage<'/users/:id'>({
            component: Links,
            onLoad: [load],
            head: ({ params }) => ({ title: `User ${params.id}` }),
          }),
        })),
      ],
    };
    const page = await loadPage(table, '/users/7');
    expect(page.page?.default).toBe(Links);
    expect(page.page?.onLoad).toEqual([load]);
    expect(page.page?.head?.({ path: page.path, params: page.params, query: {}, state: {} })).toEqual({
      title: 'User 7',
    });
  });
});

describe('matchRoute', () => {
  const routes = [route('/'), route('/users/new'), route('/users/:id'), route('/docs/*slug'), route('/files/*path?')];
  const match = (path: string) => {
    const found = matchRoute(routes, path);
    return found && [found.route.pattern, found.params];
  };

  it('matches static, dynamic and catch-all segments in table order, with decoded params', () => {
    expect(match('/')).toEqual(['/', {}]);
    expect(match('/users/new')).toEqual(['/users/new', {}]);
    expect(match('/users/a%20b')).toEqual(['/users/:id', { id: 'a b' }]);
    expect(match('/docs/a/b/c')).toEqual(['/docs/*slug', { slug: ['a', 'b', 'c'] }]);
    expect(match('/files')).toEqual(['/files/*path?', { path: [] }]);
  });

  it('matches nothing for a longer or shorter path, or a required catch-all with no segment', () => {
    expect(match('/users/1/posts')).toBeUndefined();
    expect(match('/users')).toBeUndefined();
    expect(match('/docs')).toBeUndefined();
  });

  it('splits an href into path and query, dropping the hash', () => {
    expect(parseHref('/users/7?tab=posts&x=1#top')).toEqual({
      href: '/users/7?tab=posts&x=1',
      path: '/users/7',
      query: { tab: 'posts', x: '1' },
    });
  });
});

function Where() {
  const { path, params } = useRouter();
  return (
    <p>
      <span data-testid="where">{path}</span> <span data-testid="id">{String(params.id ?? '')}</span>
      <Link href="/users/7" data-testid="to-user">
        user
      </Link>
      <Link href="https://elsewhere.example/users/7" data-testid="away">
        away
      </Link>
    </p>
  );
}

function Links() {
  return (
    <p>
      <Link href="/users/7">fine</Link>
      <Link href="/userz/7">typo</Link>
      <Link href="https://elsewhere.example/x">away</Link>
    </p>
  );
}

describe('Link and the router', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function mountAt(href: string, loadUser: RouteDefinition['page'] = async () => ({ default: Where })) {
    window.history.replaceState(null, '', href);
    const table = {
      routes: [route('/', async () => ({ default: Where })), route('/users/:id', loadUser)],
    };
    const client = new CoreClient({
      url: 'http://127.0.0.1:9',
      autoConnect: false,
      storage: { getItem: () => null, setItem: () => undefined },
      initial: { token: 't.x', seq: 0, state: {} },
    });
    const navigations: string[] = [];
    const router = new PageRouter(table, await loadPage(table, href), {
      navigate: async (to) => {
        navigations.push(to);
      },
    });
    cleanups.push(router.listen());
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    await act(async () => root.render(<CoreApp client={client} router={router} banners={false} />));
    cleanups.push(() => {
      act(() => root.unmount());
      container.remove();
    });
    const get = (id: string) => container.querySelector(`[data-testid="${id}"]`) as HTMLElement;
    return { get, navigations };
  }

  it('navigates without a document load: pushes history, renders the page, tells the server', async () => {
    const { get, navigations } = await mountAt('/');
    expect(get('where').textContent).toBe('/');
    const length = window.history.length;
    await act(async () => {
      get('to-user').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    });
    expect(window.location.pathname).toBe('/users/7');
    expect(window.history.length).toBe(length + 1);
    expect(get('id').textContent).toBe('7');
    expect(navigations).toEqual(['/users/7']);
  });

  it('treats a change of the fragment only as the same page: no reload of its modules, no on-load events', async () => {
    const { get, navigations } = await mountAt('/users/7');
    await act(async () => {
      window.history.pushState(null, '', '/users/7#posts');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(get('id').textContent).toBe('7');
    expect(navigations).toEqual([]); // nothing reached the server
  });

  // Regression (issue 28, bug 6): Back while a link's page was still loading compared the URL with
  // the page still on screen (the old one), did nothing, and the link's page then showed under
  // the old URL.
  it('goes back when Back is pressed while the linked page still loads: the last navigation wins', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loadUser = async () => {
      await held;
      return { default: Where };
    };
    const { get, navigations } = await mountAt('/', loadUser);
    await act(async () => {
      get('to-user').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    });
    expect(window.location.pathname).toBe('/users/7');
    expect(get('where').textContent).toBe('/'); // the user page is still loading
    await act(async () => {
      window.history.replaceState(null, '', '/'); // what Back does to the location (happy-dom's back is async)
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await act(async () => release());
    expect(window.location.pathname).toBe('/');
    expect(get('where').textContent).toBe('/');
    expect(navigations).toEqual(['/users/7', '/']); // the server ends at the page on screen
  });

  it('leaves modified clicks and links to another origin to the browser', async () => {
    const { get, navigations } = await mountAt('/');
    // Whether the Link prevented the default, seen after React's handler; then keep happy-dom in place.
    const prevented: boolean[] = [];
    const record = (event: Event) => {
      prevented.push(event.defaultPrevented);
      event.preventDefault();
    };
    window.addEventListener('click', record);
    cleanups.push(() => window.removeEventListener('click', record));
    const click = (el: HTMLElement, init: MouseEventInit) =>
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init }));
    await act(async () => {
      click(get('to-user'), { ctrlKey: true });
      click(get('away'), {});
      click(get('to-user'), {});
    });
    expect(prevented).toEqual([false, false, true]);
    expect(navigations).toEqual(['/users/7']);
  });

  it('reports, in development, a link to a same-origin path that no page matches', async () => {
    window.history.replaceState(null, '', '/');
    const warnings: string[] = [];
    const table = {
      routes: [route('/', async () => ({ default: Links })), route('/users/:id')],
      warn: (message: string) => warnings.push(message),
    };
    const client = new CoreClient({
      url: 'http://127.0.0.1:9',
      autoConnect: false,
      storage: { getItem: () => null, setItem: () => undefined },
      initial: { token: 't.x', seq: 0, state: {} },
    });
    const router = new PageRouter(table, await loadPage(table, '/'));
    const container = document.createElement('div');
    const root = createRoot(container);
    await act(async () => root.render(<CoreApp client={client} router={router} banners={false} />));
    cleanups.push(() => act(() => root.unmount()));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"/userz/7": no page in src/pages matches /userz/7 (pages: /, /users/:id)');
  });
});
