import { cookie, createApp, defineState, localStorage, sessionStorage } from '@core/state';
import { resolveApp } from '@core/state/internal';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Prefs = defineState('prefs', {
  vars: {
    theme: localStorage('light', { name: 'theme', sync: true }),
    visits: cookie(0, { name: 'visits', maxAge: 60, sameSite: 'strict', secure: true }),
    layout: sessionStorage({ cols: 2 }),
    tags: localStorage(['a'] as string[], { name: 'tags', maxLength: 20 }),
    plain: 'x',
  },
  events: {
    setTheme(s, theme: string) {
      s.theme = theme;
    },
  },
});

describe('storage vars', () => {
  it('have their default as value, typed as the default', async () => {
    expectTypeOf<Parameters<typeof Prefs.setTheme>[0]>().toEqualTypeOf<string>();
    const app = createApp({ states: [Prefs] });
    expect((await app.snapshot('t')).prefs).toEqual({
      theme: 'light',
      visits: 0,
      layout: { cols: 2 },
      tags: ['a'],
      plain: 'x',
    });
  });

  it('describe where the page stores them', () => {
    const port = resolveApp(createApp({ states: [Prefs] }));
    expect(port.storageBindings).toEqual([
      {
        key: 'local:theme',
        state: 'prefs',
        var: 'theme',
        kind: 'local',
        name: 'theme',
        json: false,
        default: 'light',
        maxLength: 65_536,
        sync: true,
      },
      {
        key: 'cookie:visits',
        state: 'prefs',
        var: 'visits',
        kind: 'cookie',
        name: 'visits',
        json: true,
        default: '0',
        maxLength: 4_096,
        path: '/',
        maxAge: 60,
        sameSite: 'strict',
        secure: true,
      },
      {
        key: 'session:prefs.layout',
        state: 'prefs',
        var: 'layout',
        kind: 'session',
        name: 'prefs.layout',
        json: true,
        default: '{"cols":2}',
        maxLength: 65_536,
      },
      {
        key: 'local:tags',
        state: 'prefs',
        var: 'tags',
        kind: 'local',
        name: 'tags',
        json: true,
        default: '["a"]',
        maxLength: 20,
      },
    ]);
  });

  it('take stored values of the default type and send them as a patch', async () => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    const updates: unknown[] = [];
    app.subscribe('t', (u) => updates.push(u.patches));
    const outcome = await port.applyStoredValues('t', {
      'local:theme': 'dark',
      'cookie:visits': '3',
      'session:prefs.layout': '{"cols":3}',
      'local:unknown': 'ignored',
    });
    expect(outcome).toEqual({ applied: ['prefs.theme', 'prefs.visits', 'prefs.layout'], rejected: [] });
    expect((await app.snapshot('t')).prefs).toMatchObject({ theme: 'dark', visits: 3, layout: { cols: 3 } });
    expect(updates).toHaveLength(1);
  });

  it.each([
    ['a number var given a string', 'cookie:visits', '"3"'],
    ['a number var given Infinity-like JSON', 'cookie:visits', '1e999'],
    ['an object var given an array', 'session:prefs.layout', '[1]'],
    ['an array var given an object', 'local:tags', '{"0":"a"}'],
    ['a value over maxLength', 'local:tags', JSON.stringify(['a'.repeat(30)])],
    ['a value that is not JSON', 'cookie:visits', '{'],
    ['a value that is not a string', 'local:theme', 42],
  ])('refuse %s and keep the var', async (_title, key, raw) => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    const before = (await app.snapshot('t')).prefs;
    const outcome = await port.applyStoredValues('t', { [key]: raw });
    expect(outcome.applied).toEqual([]);
    expect(outcome.rejected).toHaveLength(1);
    expect(outcome.rejected[0].key).toBe(key);
    expect((await app.snapshot('t')).prefs).toEqual(before);
  });

  it('that change nothing take no lock and store nothing (a page that only connects)', async () => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    const outcome = await port.applyStoredValues('t', { 'local:theme': 'light', 'cookie:visits': 'bad' });
    expect(outcome.applied).toEqual([]);
    expect(outcome.rejected.map((r) => r.key)).toEqual(['cookie:visits']);
    expect(await app.stateManager.get('t')).toBeUndefined();
  });

  it('drop __proto__ keys of stored objects', async () => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    await port.applyStoredValues('t', { 'session:prefs.layout': '{"cols":1,"__proto__":{"polluted":true}}' });
    const layout = (await app.snapshot('t')).prefs.layout as Record<string, unknown>;
    expect(layout).toEqual({ cols: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Regression (issue 28): a value the browser no longer had (an expired cookie, cleared storage)
  // was never sent, so the var kept the server's old value.
  it('go back to their default when the browser has no value (null)', async () => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    await port.applyStoredValues('t', { 'local:theme': 'dark', 'cookie:visits': '3', 'local:tags': '["x"]' });
    const outcome = await port.applyStoredValues('t', {
      'local:theme': null,
      'cookie:visits': null,
      'local:tags': null,
    });
    expect(outcome).toEqual({ applied: ['prefs.theme', 'prefs.visits', 'prefs.tags'], rejected: [] });
    expect((await app.snapshot('t')).prefs).toMatchObject({ theme: 'light', visits: 0, tags: ['a'] });
    // The default is copied, never shared with the definition.
    await app.modifyState('t', async (tx) => {
      (await tx.get(Prefs)).tags.push('mutated');
    });
    expect((await app.snapshot('u')).prefs.tags).toEqual(['a']);
  });

  // Regression (issue 23): the browser could store a value every handler refuses (`<b>x`).
  it('refuse a value their schema refuses, on connect and on later stores, and keep the previous value', async () => {
    const Themed = defineState('themed', {
      vars: {
        theme: localStorage('light', { name: 'theme', schema: z.enum(['light', 'dark']) }),
        size: cookie(1, { name: 'size', schema: z.number().int().min(1).max(5) }),
        // Any Standard Schema, here an async one that trims.
        nick: sessionStorage('', {
          name: 'nick',
          schema: {
            '~standard': {
              version: 1,
              vendor: 'test',
              validate: async (value: unknown) =>
                typeof value === 'string' && value.trim().length <= 8
                  ? { value: value.trim() }
                  : { issues: [{ message: 'at most 8 characters' }] },
            },
          },
        }),
      },
    });
    const app = createApp({ states: [Themed] });
    const port = resolveApp(app);
    expect(port.storageBindings.every((binding) => !('schema' in JSON.parse(JSON.stringify(binding))))).toBe(true);
    const first = await port.applyStoredValues('t', {
      'local:theme': 'dark',
      'cookie:size': '3',
      'session:nick': ' ann ',
    });
    expect(first).toEqual({ applied: ['themed.theme', 'themed.size', 'themed.nick'], rejected: [] });
    const later = await port.applyStoredValues('t', {
      'local:theme': '<b>x',
      'cookie:size': '9',
      'session:nick': 'much too long',
    });
    expect(later.applied).toEqual([]);
    expect(later.rejected.map((r) => r.key)).toEqual(['local:theme', 'cookie:size', 'session:nick']);
    expect(later.rejected[0].reason).toMatch(/refused by its schema: /);
    expect(later.rejected[1].reason).toMatch(/refused by its schema/);
    expect((await app.snapshot('t')).themed).toEqual({ theme: 'dark', size: 3, nick: 'ann' });
  });

  it('refuse more keys than a page could honestly hold', async () => {
    const app = createApp({ states: [Prefs] });
    const port = resolveApp(app);
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`local:k${i}`, 'v']));
    expect((await port.applyStoredValues('t', many)).rejected[0].reason).toMatch(/100 keys/);
  });

  it.each([
    ['a backend var', { _secret: localStorage('x') }, /cannot be backend-only/],
    ['a default without a type', { v: localStorage(null) }, /needs a default with a type/],
    ['a cookie name with a space', { v: cookie('', { name: 'a b' }) }, /cookie name/],
    ['a cookie path without a slash', { v: cookie('', { path: 'x' }) }, /path/],
    ['a fractional maxAge', { v: cookie('', { maxAge: 1.5 }) }, /maxAge/],
    ['a schema that is not one', { v: localStorage('', { schema: {} as never }) }, /Standard Schema/],
  ])('are refused at definition for %s', (_title, vars, message) => {
    expect(() => defineState('bad', { vars })).toThrow(message);
  });

  it('are refused in a state shared by several tabs', () => {
    expect(() => defineState('shared', { scope: 'app', vars: { theme: localStorage('light') } })).toThrow(
      /declare them in a tab-scoped state/,
    );
  });
});
