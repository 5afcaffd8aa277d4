import { createApp, defineState } from '@core/state';
import type { StateUpdate } from '@core/state/types';
import { applyPatches, enablePatches } from 'immer';
import { describe, expect, it } from 'vitest';

enablePatches();

const Big = defineState('big', {
  vars: {
    items: Array.from({ length: 10_000 }, (_, i) => ({ id: i, label: `item ${i}`, done: false })),
    title: 'list',
  },
  events: {
    toggle(s, index: number) {
      s.items[index].done = !s.items[index].done;
    },
    append(s, label: string) {
      s.items.push({ id: s.items.length, label, done: false });
    },
  },
});

const Mixed = defineState('mixed', {
  vars: { visible: 0, nested: { a: [1, 2], b: { c: 'x' } }, _secret: 'pw', _log: [] as string[] },
  events: {
    touch(s, v: number) {
      s.visible = v;
      s._secret = `pw${v}`;
      s._log.push(`touched ${v}`);
      s.nested.a.push(v);
      s.nested.b.c = `x${v}`;
    },
    onlySecret(s) {
      s._secret = 'changed';
      s._log = [];
    },
  },
});

describe('patches', () => {
  it('are immer patches prefixed with the state name, proportional to the change', async () => {
    const app = createApp({ states: [Big] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    await app.dispatch('t', Big.toggle(5_000));
    expect(updates).toEqual([
      { seq: 1, patches: [{ op: 'replace', path: ['big', 'items', 5000, 'done'], value: true }] },
    ]);
    // One change in a 10,000-item list is a tiny message next to the whole var.
    const patchBytes = JSON.stringify(updates[0]).length;
    const wholeVar = JSON.stringify((await app.snapshot('t')).big.items).length;
    expect(patchBytes).toBeLessThan(100);
    expect(patchBytes / wholeVar).toBeLessThan(0.001);
  });

  it('never carry backend vars, and a backend-only change sends nothing', async () => {
    const app = createApp({ states: [Mixed] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    await app.dispatch('t', Mixed.touch(1));
    await app.dispatch('t', Mixed.onlySecret());
    expect(updates).toHaveLength(1);
    const wire = JSON.stringify(updates);
    expect(wire).not.toContain('_secret');
    expect(wire).not.toContain('_log');
    expect(wire).not.toContain('pw');
    const snapshot = await app.snapshot('t');
    expect(snapshot).toEqual({ mixed: { visible: 1, nested: { a: [1, 2, 1], b: { c: 'x1' } } } });
    expect(JSON.stringify(await app.hydrate('t'))).not.toContain('_secret');
  });

  it('replayed onto the first snapshot give the final snapshot, seq up by one per update', async () => {
    const app = createApp({ states: [Mixed, Big] });
    const first = await app.hydrate('t');
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    for (let v = 0; v < 20; v++) {
      await app.dispatch('t', Mixed.touch(v));
      if (v % 3 === 0) await app.dispatch('t', Big.toggle(v * 7));
      if (v % 5 === 0) await app.dispatch('t', Big.append(`new ${v}`));
    }
    expect(updates.map((u) => u.seq)).toEqual(updates.map((_, i) => first.seq + i + 1));
    const replayed = updates.reduce((state, u) => applyPatches(state, u.patches as never), first.state);
    expect(replayed).toEqual(await app.snapshot('t'));
  });

  it('do not alias the stored state: mutating a received patch value changes nothing on the server', async () => {
    const app = createApp({ states: [Big] });
    const snapshot = await app.snapshot('t');
    snapshot.big.title = 'mutated by the caller';
    expect((await app.snapshot('t')).big.title).toBe('list');
  });
});
