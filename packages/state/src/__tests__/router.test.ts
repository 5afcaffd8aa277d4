import { createApp, defineState, RouterState } from '@core/state';
import { type RouterNavigation, resolveApp } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

const at = (path: string, params: Record<string, string | string[]> = {}): RouterNavigation => ({
  href: path,
  path,
  route: path,
  params,
  query: {},
  userAgent: 'test-agent',
  ip: '203.0.113.9',
});

describe('the router state and ctx.router', () => {
  it('is part of the token state only when the app asks for it (or a server enables it)', async () => {
    const Plain = defineState('plain', { vars: { n: 0 } });
    const without = createApp({ states: [Plain] });
    expect(await without.snapshot('t')).toEqual({ plain: { n: 0 } });
    expect(without.hasRouter).toBe(false);
    await without.close();
    const served = createApp({ states: [Plain] });
    resolveApp(served, { router: true }); // what a server with pages passes in
    expect(served.hasRouter).toBe(true);
    expect((await served.snapshot('t')).router).toMatchObject({ path: '', params: {}, loading: false });
    served.replaceStates([Plain]); // hot reload keeps it
    expect(Object.keys(await served.snapshot('t')).sort()).toEqual(['plain', 'router']);
    await served.close();
  });

  it('gives handlers the router data, read-only, and defaults when the app has no router', async () => {
    const seen: unknown[] = [];
    const Page = defineState('page', {
      vars: { id: '' },
      events: {
        load(s, _: void, ctx) {
          seen.push({ ...ctx.router, params: { ...ctx.router.params } });
          s.id = String(ctx.router.params.id ?? '');
          (ctx.router.params as Record<string, string>).id = 'forged';
        },
      },
    });
    const app = createApp({ states: [Page], router: true });
    await app.dispatch('t', RouterState._navigate(at('/users/7', { id: '7' })));
    await expect(app.dispatch('t', Page.load())).rejects.toMatchObject({ code: 'HANDLER_ERROR' });
    expect(seen[0]).toMatchObject({
      path: '/users/7',
      params: { id: '7' },
      userAgent: 'test-agent',
      ip: '203.0.113.9',
    });
    // The write to ctx.router threw and rolled the step back; the router is unchanged.
    expect((await app.snapshot('t')).router?.params).toEqual({ id: '7' });
    expect((await app.snapshot('t')).page?.id).toBe('');
    await app.close();

    const bare = createApp({ states: [Page] });
    let path: unknown = 'unset';
    const Probe = defineState('probe', {
      vars: {},
      events: {
        read(_s, _: void, ctx) {
          path = ctx.router.path;
        },
      },
    });
    bare.replaceStates([Page, Probe]);
    await bare.dispatch('t', Probe.read());
    expect(path).toBe('');
    await bare.close();
  });

  it('refuses router handlers from a page: it cannot set its own route data', async () => {
    const app = createApp({ states: [], router: true });
    await expect(app.dispatch('t', RouterState._navigate(at('/admin')), { origin: 'client' })).rejects.toMatchObject({
      code: 'FORBIDDEN_HANDLER',
    });
    await app.close();
  });

  it('recomputes a computed var that reads the router on each navigation, and only those', async () => {
    const calls = { title: 0, other: 0 };
    const Crumbs = defineState('crumbs', {
      vars: { prefix: 'Docs', n: 0 },
      computed: {
        title: (s, { router }) => {
          calls.title += 1;
          return `${s.prefix}: ${router.path}`;
        },
        double: (s) => {
          calls.other += 1;
          return s.n * 2;
        },
      },
    });
    const app = createApp({ states: [Crumbs], router: true });
    const updates: StateUpdate[] = [];
    expect((await app.snapshot('t')).crumbs?.title).toBe('Docs: ');
    app.subscribe('t', (update) => updates.push(update));
    const before = { ...calls };
    await app.dispatch('t', RouterState._navigate(at('/docs/intro')));
    expect((await app.snapshot('t')).crumbs?.title).toBe('Docs: /docs/intro');
    expect(updates.flatMap((u) => u.patches)).toContainEqual({
      op: 'replace',
      path: ['crumbs', 'title'],
      value: 'Docs: /docs/intro',
    });
    expect(calls.title).toBe(before.title + 1);
    expect(calls.other).toBe(before.other); // it reads no router key
    // Loading toggles do not touch `path`: the title is not recomputed for them.
    await app.dispatch('t', RouterState._loaded('/docs/intro'));
    expect(calls.title).toBe(before.title + 1);
    await app.close();
  });
});
