import { createApp, defineState, type EventSpec, isStateError } from '@core/state';
import type { SetterPayload, StateUpdate } from '@core/state/types';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('ctx.reset', () => {
  const Form = defineState('form', {
    vars: { name: 'anon', tags: ['a'] as string[], count: 0, _audit: [] as string[] },
    computed: { size: (s) => s.tags.length },
    events: {
      fill(s) {
        s.name = 'Ada';
        s.tags.push('b', 'c');
        s.count = 3;
        s._audit.push('filled');
      },
      reset(_s, _: void, ctx) {
        ctx.reset(Form);
      },
      resetSome(_s, names: ('name' | 'count')[], ctx) {
        ctx.reset(Form, names);
      },
      resetComputed(_s, _: void, ctx) {
        // @ts-expect-error computed vars are not reset (they follow their vars)
        ctx.reset(Form, ['size']);
      },
    },
  });

  it('puts every var back to its default, backend vars included, and patches only what changed', async () => {
    const app = createApp({ states: [Form] });
    await app.dispatch('t', Form.fill());
    await app.dispatch('t', Form.resetSome(['count']));
    expect((await app.snapshot('t')).form).toMatchObject({ name: 'Ada', count: 0, size: 3 });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (update) => updates.push(update));
    await app.dispatch('t', Form.reset());
    expect((await app.snapshot('t')).form).toEqual({ name: 'anon', tags: ['a'], count: 0, size: 1 });
    // `count` was at its default already: no patch for it; `_audit` changed but is never sent.
    expect(updates.at(-1)?.patches.map((patch) => patch.path.join('.'))).toEqual([
      'form.name',
      'form.tags',
      'form.size',
    ]);
    const audit = await app.modifyState('t', async (tx) => [...(await tx.get(Form))._audit]);
    expect(audit).toEqual([]);
  });

  it('gives a fresh copy of an object default each time (a later edit does not change the default)', async () => {
    const app = createApp({ states: [Form] });
    await app.dispatch('t', Form.fill());
    await app.dispatch('t', Form.reset());
    await app.dispatch('t', Form.fill());
    await app.dispatch('t', Form.reset());
    expect((await app.snapshot('t')).form.tags).toEqual(['a']);
  });

  it('refuses a name that is not a var, and the step changes nothing', async () => {
    const app = createApp({ states: [Form] });
    await app.dispatch('t', Form.fill());
    await expect(app.dispatch('t', Form.resetComputed())).rejects.toThrow(/Cannot reset "size" of state "form"/);
    expect((await app.snapshot('t')).form.name).toBe('Ada');
  });
});

describe('State.set (setters)', () => {
  const Search = defineState('search', {
    vars: { query: '', page: 1, filters: [] as string[], anything: null as unknown, admin: false, _secret: 'x' },
    computed: { echo: (s) => `${s.query}#${s.page}` },
    setters: ['query', 'page', 'filters', 'anything'],
  });

  it('sets an open var from a page, typed by the var', async () => {
    expectTypeOf(Search.set('query', 'hi')).toEqualTypeOf<EventSpec<SetterPayload<'query', string>>>();
    const compileOnly = () => {
      // @ts-expect-error the value has the var's type
      Search.set('page', 'two');
      // @ts-expect-error a var not listed in setters has no setter
      Search.set('admin', true);
      // @ts-expect-error computed vars have no setter
      Search.set('echo', 'x');
    };
    expect(compileOnly).toBeTypeOf('function');
    const app = createApp({ states: [Search] });
    await app.dispatch('t', Search.set('query', 'hi'), { origin: 'client' });
    await app.dispatch('t', Search.set('page', 2), { origin: 'client' });
    await app.dispatch('t', Search.set('anything', { any: ['json'] }), { origin: 'client' });
    expect((await app.snapshot('t')).search).toMatchObject({
      query: 'hi',
      page: 2,
      echo: 'hi#2',
      anything: { any: ['json'] },
    });
  });

  it('refuses a value of another kind than the default, and a var that is not open, as a page sends them', async () => {
    const app = createApp({ states: [Search] });
    const page = { origin: 'client' as const };
    const send = (payload: unknown) =>
      app.dispatch('t', { state: 'search', name: '$set', payload } as EventSpec<unknown>, page);
    await expect(send({ name: 'page', value: 'two' })).rejects.toThrow(
      /"value": expected a number like the default of "page", got a string/,
    );
    await expect(send({ name: 'filters', value: { 0: 'a' } })).rejects.toThrow(/expected an array/);
    await expect(send({ name: 'admin', value: true })).rejects.toThrow(/"admin" cannot be set from a page/);
    await expect(send({ name: '_secret', value: 'y' })).rejects.toThrow(/cannot be set from a page/);
    await expect(send({ name: 'echo', value: 'y' })).rejects.toThrow(/cannot be set from a page/);
    await expect(send('query')).rejects.toThrow(/expected \{ name, value \}/);
    const refused = await send({ name: 'admin', value: true }).catch((error: unknown) => error);
    expect(isStateError(refused, 'INVALID_EVENT')).toBe(true);
    expect((await app.snapshot('t')).search).toMatchObject({ page: 1, admin: false, filters: [] });
  });

  it('is absent unless the state opens vars, and `true` opens every public var', async () => {
    const Closed = defineState('closed', {
      vars: { a: 1 },
      events: {
        set(s, n: number) {
          s.a = n;
        },
      },
    });
    // A state without setters may keep a handler named `set`.
    expectTypeOf(Closed.set).parameter(0).toEqualTypeOf<number>();
    const Open = defineState('open', { vars: { a: 1, b: '', _c: 0 }, setters: true });
    const app = createApp({ states: [Closed, Open] });
    await app.dispatch('t', Open.set('b', 'yes'), { origin: 'client' });
    await expect(
      app.dispatch('t', { state: 'open', name: '$set', payload: { name: '_c', value: 1 } } as EventSpec<unknown>, {
        origin: 'client',
      }),
    ).rejects.toThrow(/cannot be set from a page/);
    expect((await app.snapshot('t')).open).toEqual({ a: 1, b: 'yes' });
  });

  it('refuses setters that name backend vars, computed vars or unknown names, and a clash with a `set` handler', () => {
    expect(() => defineState('s1', { vars: { _x: 1 }, setters: ['_x'] as never })).toThrow(/backend-only var/);
    expect(() => defineState('s2', { vars: { x: 1 }, computed: { y: (s) => s.x }, setters: ['y'] as never })).toThrow(
      /"y", which is not a var/,
    );
    expect(() => defineState('s3', { vars: { x: 1 }, setters: ['x'], events: { set() {} } })).toThrow(
      /declares setters and a handler named "set"/,
    );
    expect(() => defineState('s4', { vars: { x: 1 }, events: { $set() {} } })).toThrow(/reserved/);
  });
});

describe('ctx.room', () => {
  const Room = defineState('chat', { scope: 'room', vars: { messages: 0 } });
  const Tab = defineState('tab', {
    vars: { seen: [] as (string | null)[] },
    events: {
      joinAndAsk(s, key: string, ctx) {
        s.seen.push(ctx.room(Room) ?? null);
        ctx.join(Room, key);
        s.seen.push(ctx.room(Room) ?? null);
      },
      leaveAndAsk(s, _: void, ctx) {
        ctx.leave(Room);
        s.seen.push(ctx.room(Room) ?? null);
      },
      askTab(_s, _: void, ctx) {
        ctx.room(Tab);
      },
    },
  });

  it('tells the room a state is joined to, as the step left it, and undefined for the tab’s own copy', async () => {
    const app = createApp({ states: [Room, Tab] });
    await app.dispatch('t', Tab.joinAndAsk('lobby'));
    await app.dispatch('t', Tab.joinAndAsk('kitchen'));
    await app.dispatch('t', Tab.leaveAndAsk());
    expect((await app.snapshot('t')).tab.seen).toEqual([null, 'lobby', 'lobby', 'kitchen', null]);
  });

  it("gives a room's own step that room's key, and refuses a state that is not room-scoped", async () => {
    const app = createApp({ states: [Room, Tab] });
    const key = await app.modifyState({ scope: 'room', key: 'lobby' }, (tx) => tx.room(Room));
    expect(key).toBe('lobby');
    await expect(app.dispatch('t', Tab.askTab())).rejects.toThrow(/takes a room-scoped state; "tab" has scope 'tab'/);
  });
});
