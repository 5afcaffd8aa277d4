import { type Chain, createApp, defineState, type EventSpec, type StateOf } from '@core/state';
import type { PublicStateOf } from '@core/state/types';
import { describe, expect, expectTypeOf, it } from 'vitest';

// These assertions are checked by the typechecker (`tsc -b`, part of `npm test`): a
// `@ts-expect-error` line that compiles fails the build.
const Typed = defineState('typed', {
  vars: { counter: 0, label: 'x', tags: [] as string[], _hidden: 1 },
  computed: { doubled: (s) => s.counter * 2, size: (s) => s.tags.length },
  events: {
    setCounter(s, n: number) {
      expectTypeOf(s.counter).toEqualTypeOf<number>();
      expectTypeOf(s.doubled).toEqualTypeOf<number>();
      s.counter = n;
    },
    rename(s, payload: { label: string }) {
      s.label = payload.label;
    },
    noPayload(s): Chain {
      s.counter += 1;
      return Typed.setCounter(1);
    },
    maybe(s, n?: number) {
      s.counter = n ?? 0;
    },
    async *streaming(s) {
      s.counter = 1;
      yield;
    },
    _backendOnly(s) {
      s._hidden += 1;
    },
  },
  background: {
    async task(task, times: number) {
      expectTypeOf(task.state.counter).toEqualTypeOf<number>();
      await task.modify((s) => {
        s.counter += times;
      });
    },
  },
});

describe('types', () => {
  it('types event creators from the handlers’ payloads', () => {
    expectTypeOf(Typed.setCounter).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(Typed.setCounter(1)).toEqualTypeOf<EventSpec<number>>();
    expectTypeOf(Typed.rename({ label: 'a' })).toEqualTypeOf<EventSpec<{ label: string }>>();
    expectTypeOf(Typed.noPayload()).toEqualTypeOf<EventSpec<void>>();
    expectTypeOf(Typed.task(3)).toEqualTypeOf<EventSpec<number>>();
    Typed.maybe();
    Typed.maybe(2);

    // Type-level only: never called.
    const compileOnly = () => {
      // @ts-expect-error a wrong payload type is a compile error
      Typed.setCounter('1');
      // @ts-expect-error a missing payload is a compile error
      Typed.setCounter();
      // @ts-expect-error a payload of the wrong shape is a compile error
      Typed.rename({ name: 'a' });
      // @ts-expect-error a handler that takes no payload accepts none
      Typed.noPayload(5);
      // @ts-expect-error an undeclared handler does not exist
      Typed.nothing();
    };
    expect(compileOnly).toBeTypeOf('function');
    expect(Typed.name).toBe('typed');
  });

  it('types the state handlers see, the public state and task.state', () => {
    expectTypeOf<StateOf<typeof Typed>>().toEqualTypeOf<
      { counter: number; label: string; tags: string[]; _hidden: number } & {
        readonly doubled: number;
        readonly size: number;
      }
    >();
    expectTypeOf<keyof PublicStateOf<typeof Typed>>().toEqualTypeOf<
      'counter' | 'label' | 'tags' | 'doubled' | 'size'
    >();
    defineState('bad', {
      vars: { n: 0 },
      events: {
        wrong(s) {
          // @ts-expect-error vars keep their types
          s.n = 'text';
          // @ts-expect-error undeclared vars do not exist
          s.missing = 1;
        },
      },
    });
    const NoHandlers = defineState('plain', { vars: { a: 1 } });
    // @ts-expect-error a state without handlers has no creators
    expect(NoHandlers.anything).toBeUndefined();
    expect(createApp({ states: [Typed, NoHandlers] }).states).toHaveLength(2);
  });
});

describe('chain annotations', () => {
  it('accept `: Chain` on every kind of handler, generators included', async () => {
    const Chained = defineState('chained', {
      vars: { n: 0 },
      events: {
        plain(s): Chain {
          s.n += 1;
          return Chained.done();
        },
        *gen(s): Chain {
          s.n += 1;
          yield Chained.done();
          yield [Chained.done(), Chained.done()];
          return Chained.done();
        },
        async *asyncGen(s): Chain {
          s.n += 1;
          yield;
          await Promise.resolve();
          yield Chained.done();
        },
        async later(s): Promise<Chain> {
          s.n += 1;
          return Chained.done();
        },
        *older(s): Generator<Chain> {
          s.n += 1;
          yield Chained.done();
        },
        done(s) {
          s.n += 100;
        },
        *wrongYield(s): Chain {
          s.n += 1;
          // @ts-expect-error a chain yields events, not other values
          yield 3;
        },
      },
    });
    const app = createApp({ states: [Chained] });
    await app.dispatch('t', Chained.gen());
    await app.idle();
    // gen: +1, then four `done` events (two yields and the return): +400.
    expect((await app.snapshot('t')).chained.n).toBe(401);
  });
});
