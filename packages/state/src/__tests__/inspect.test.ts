import { type Chain, createApp, defineState } from '@core/state';
import type { InspectorRecord } from '@core/state/internal';
import { resolveApp } from '@core/state/internal';
import { describe, expect, it, vi } from 'vitest';
import { deferred } from './helpers.js';

const S = defineState('insp', {
  vars: { n: 0, _hidden: 0 },
  events: {
    add(s, by: number): Chain {
      s.n += by;
      if (by > 1) return S.add(1);
    },
    start(s): Chain {
      s.n += 1;
      return S.loop(2);
    },
    boom(s) {
      s.n += 100;
      throw new Error('boom in a handler');
    },
  },
  background: {
    async loop(task, times: number) {
      for (let i = 0; i < times; i++) {
        await task.modify((s) => {
          s.n += 1;
          s._hidden += 1;
        });
      }
    },
  },
});

function collect(app: ReturnType<typeof createApp>, token?: string) {
  const records: InspectorRecord[] = [];
  const stop = app.inspect((record) => records.push(record), token === undefined ? {} : { token });
  return { records, stop };
}

describe('app.inspect', () => {
  it('records a page event queued, started and ended with its lock times, patches and bytes', async () => {
    const app = createApp({ states: [S] });
    const { records } = collect(app);
    await app.dispatch('t', S.add(1), { origin: 'client', id: 'p-1' });
    expect(records.map((r) => r.type)).toEqual(['event-queued', 'event-started', 'event-ended']);
    const [queued, , ended] = records;
    expect(queued).toMatchObject({ token: 't', handler: 'insp.add', payload: 1, origin: 'page', background: false });
    expect(ended).toMatchObject({ id: queued.id, patches: 1 });
    if (ended.type !== 'event-ended') throw new Error('expected event-ended');
    expect(ended.bytes).toBe(JSON.stringify([{ op: 'replace', path: ['insp', 'n'], value: 1 }]).length);
    expect(ended.lockWait).toBeGreaterThanOrEqual(0);
    expect(ended.held).toBeGreaterThanOrEqual(0);
    expect(ended.error).toBeUndefined();
  });

  it('gives a chained event its parent, and a chained task its start, a tick per modify and its end', async () => {
    const app = createApp({ states: [S] });
    const { records } = collect(app);
    await app.dispatch('t', S.start());
    await app.idle();
    await vi.waitFor(() => expect(records.filter((r) => r.type === 'task-modify')).toHaveLength(2));
    const start = records.find((r) => r.type === 'event-queued' && r.handler === 'insp.start');
    const loop = records.find((r) => r.type === 'event-queued' && r.handler === 'insp.loop');
    expect(start).toMatchObject({ origin: 'server' });
    expect(loop).toMatchObject({ origin: 'chain', parent: start?.id, background: true, payload: 2 });
    const task = records.filter((r) => r.id === loop?.id).map((r) => r.type);
    expect(task).toEqual(['event-queued', 'task-started', 'task-modify', 'task-modify', 'task-ended']);
    const tick = records.find((r) => r.type === 'task-modify');
    expect(tick).toMatchObject({ patches: 1 }); // `_hidden` changed too but is not sent
  });

  it('names the task as the parent of the events it dispatches', async () => {
    const T = defineState('tasker', {
      vars: { n: 0 },
      events: {
        bump(s) {
          s.n += 1;
        },
      },
      background: {
        async *emit(): AsyncGenerator<Chain> {
          yield T.bump();
        },
      },
    });
    const app = createApp({ states: [T] });
    const { records } = collect(app);
    await app.dispatch('t', T.emit(), { origin: 'client' });
    await app.idle();
    const task = records.find((r) => r.type === 'task-started');
    expect(task).toMatchObject({ origin: 'page', handler: 'tasker.emit' });
    expect(records.find((r) => r.type === 'event-queued')).toMatchObject({
      handler: 'tasker.bump',
      origin: 'task',
      parent: task?.id,
    });
  });

  it('records a failing handler with its own message and stack, and no patches', async () => {
    const app = createApp({ states: [S] });
    const { records } = collect(app);
    await expect(app.dispatch('t', S.boom())).rejects.toThrow(/boom/);
    const ended = records.find((r) => r.type === 'event-ended');
    expect(ended).toMatchObject({ patches: 0, bytes: 0, error: { message: 'boom in a handler' } });
    if (ended?.type !== 'event-ended') throw new Error('expected event-ended');
    expect(ended.error?.stack).toContain('inspect.test.ts');
  });

  it('with a token, builds records of that token only; after stop, none', async () => {
    const app = createApp({ states: [S] });
    const { records, stop } = collect(app, 'mine');
    await app.dispatch('other', S.add(1));
    await app.dispatch('mine', S.add(1));
    expect(new Set(records.map((r) => r.token))).toEqual(new Set(['mine']));
    const count = records.length;
    stop();
    await app.dispatch('mine', S.add(1));
    expect(records).toHaveLength(count);
  });

  it('keeps the app running when a listener throws, and reports it to the logger', async () => {
    const error = vi.fn();
    const app = createApp({ states: [S], logger: { debug() {}, info() {}, warn() {}, error } });
    app.inspect(() => {
      throw new Error('listener bug');
    });
    await app.dispatch('t', S.add(1));
    expect((await app.snapshot('t')).insp.n).toBe(1);
    expect(error).toHaveBeenCalledWith('An inspector listener threw', expect.anything());
  });

  it('traces an event only when it was queued while inspected (no half records)', async () => {
    const gate = deferred();
    const G = defineState('gate', {
      vars: { n: 0 },
      events: {
        async wait(s) {
          await gate.promise;
          s.n += 1;
        },
      },
    });
    const app = createApp({ states: [G] });
    const first = app.dispatch('t', G.wait());
    const { records } = collect(app);
    gate.resolve();
    await first;
    expect(records).toEqual([]);
  });
});

describe('inspectTab (the transport port, for devtools)', () => {
  it('gives every state the tab sees, backend vars included, shared ones with their document', async () => {
    const Shared = defineState('shared', {
      scope: 'app',
      vars: { visits: 0, _audit: 'kept home' },
      events: {
        visit(s) {
          s.visits += 1;
        },
      },
    });
    const app = createApp({ states: [S, Shared] });
    const port = resolveApp(app);
    expect((await port.inspectTab('t')).states.insp).toEqual({ n: 0, _hidden: 0 }); // never stored: defaults
    await app.dispatch('t', Shared.visit());
    await app.dispatch('t', S.add(1));
    const tab = await port.inspectTab('t');
    expect(tab.states).toEqual({ insp: { n: 1, _hidden: 0 }, shared: { visits: 1, _audit: 'kept home' } });
    expect(tab.sources).toEqual({ shared: '@app' });
    expect(tab.seq).toBeGreaterThan(0);
  });
});
