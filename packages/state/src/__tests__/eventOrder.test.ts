import { type Chain, createApp, defineState } from '@core/state';
import { describe, expect, it } from 'vitest';
import { deferred } from './helpers.js';

describe('event order and the per-token lock', () => {
  it('runs one token’s handlers one at a time, in arrival order', async () => {
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const S = defineState('order', {
      vars: { seen: [] as number[] },
      events: {
        async step(s, n: number) {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          log.push(`start ${n}`);
          // Later events get shorter waits: without the queue they would overtake.
          await new Promise((r) => setTimeout(r, (5 - n) * 3));
          s.seen.push(n);
          log.push(`end ${n}`);
          running -= 1;
        },
      },
    });
    const app = createApp({ states: [S] });
    await Promise.all([1, 2, 3, 4, 5].map((n) => app.dispatch('t', S.step(n))));
    expect(maxRunning).toBe(1);
    expect((await app.snapshot('t')).order.seen).toEqual([1, 2, 3, 4, 5]);
    expect(log).toEqual([1, 2, 3, 4, 5].flatMap((n) => [`start ${n}`, `end ${n}`]));
  });

  it('runs different tokens concurrently (there is no global lock)', async () => {
    const gate = deferred();
    const S = defineState('pair', {
      vars: { done: false },
      events: {
        async wait(s) {
          await gate.promise;
          s.done = true;
        },
        open(s) {
          gate.resolve();
          s.done = true;
        },
      },
    });
    const app = createApp({ states: [S] });
    // Token A's handler waits for token B's; with a global lock this would never finish.
    const a = app.dispatch('A', S.wait());
    await app.dispatch('B', S.open());
    await a;
    expect((await app.snapshot('A')).pair.done).toBe(true);
  });

  it('covers every state of a token with one lock', async () => {
    const gate = deferred();
    const entered = deferred();
    const A = defineState('a', {
      vars: { x: 0 },
      events: {
        async slow(s) {
          entered.resolve();
          await gate.promise;
          s.x = 1;
        },
      },
    });
    const B = defineState('b', {
      vars: { sawX: -1 },
      events: {
        async read(s, _: void, ctx) {
          s.sawX = (await ctx.get(A)).x;
        },
      },
    });
    const app = createApp({ states: [A, B] });
    const slow = app.dispatch('t', A.slow());
    await entered.promise;
    const read = app.dispatch('t', B.read());
    gate.resolve();
    await Promise.all([slow, read]);
    expect((await app.snapshot('t')).b.sawX).toBe(1);
  });

  it('runs chained events after the handler, behind waiting events, breadth-first', async () => {
    const log: string[] = [];
    const S = defineState('chain', {
      vars: { n: 0 },
      events: {
        *root(): Generator<Chain> {
          log.push('root start');
          yield S.leaf('A');
          yield S.mid('B');
          yield S.leaf('C');
          log.push('root end');
        },
        mid(_s, name: string): Chain {
          log.push(name);
          return [S.leaf(`${name}1`), S.leaf(`${name}2`)];
        },
        leaf(_s, name: string) {
          log.push(name);
        },
        other() {
          log.push('other');
        },
      },
    });
    const app = createApp({ states: [S] });
    const root = app.dispatch('t', S.root());
    const other = app.dispatch('t', S.other());
    await Promise.all([root, other]);
    await app.idle();
    // `other` was waiting before the chained events were queued, so it runs first; B's children
    // come after C (breadth-first).
    expect(log).toEqual(['root start', 'root end', 'other', 'A', 'B', 'C', 'B1', 'B2']);
  });

  it('resolves dispatch when the handler finishes, before its chained events run', async () => {
    const log: string[] = [];
    const S = defineState('resolve', {
      vars: {},
      events: {
        first(): Chain {
          log.push('first');
          return S.second();
        },
        second() {
          log.push('second');
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.first());
    expect(log).toEqual(['first']);
    await app.idle();
    expect(log).toEqual(['first', 'second']);
  });

  it('queues ctx.dispatch events once the step commits', async () => {
    const S = defineState('ctxdispatch', {
      vars: { log: [] as string[] },
      events: {
        go(s, _: void, ctx) {
          ctx.dispatch(S.add('later'));
          s.log.push('go');
        },
        add(s, what: string) {
          s.log.push(what);
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.go());
    await app.idle();
    expect((await app.snapshot('t')).ctxdispatch.log).toEqual(['go', 'later']);
  });
});
