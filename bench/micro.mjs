// Micro-benchmarks of the state runtime (issue 2): handler overhead per event and the size of
// the update for one change in a 10,000-item list, each beside a baseline measured in this run;
// and (issue 22) an event toggling a field of one item in a list of 10 and of 10,000 items
// against immer's `produceWithPatches` of the same change.
//
//   node bench/micro.mjs [path/to/packages/state/dist/index.js]   # another checkout's build

import path from 'node:path';
import { createApp, defineState } from '@core/state';
import { enablePatches, Immer } from 'immer';
import { isEntry } from './lib/children.mjs';

enablePatches();

/** Mean nanoseconds per call of `fn` over `iterations` after a warm-up. */
async function timeAsync(fn, iterations) {
  for (let i = 0; i < Math.min(2_000, iterations); i++) await fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / iterations;
}

/**
 * One event toggling `items[i].done` in a list of `size` items, in-process (memory manager), and
 * immer's `produceWithPatches` of the same change on a document of the same shape.
 */
async function toggleOneItem(state, size, iterations) {
  const List = state.defineState('list', {
    vars: { items: Array.from({ length: size }, (_, i) => ({ id: i, done: false })) },
    events: {
      toggle(s, i) {
        s.items[i].done = !s.items[i].done;
      },
    },
  });
  const app = state.createApp({ states: [List] });
  await app.snapshot('bench');
  const dispatchNs = await timeAsync((i) => app.dispatch('bench', List.toggle(i % size)), iterations);
  await app.close();
  const immer = new Immer({ autoFreeze: false });
  let base = { list: { items: Array.from({ length: size }, (_, i) => ({ id: i, done: false })) } };
  const immerNs = await timeAsync((i) => {
    const [next, patches] = immer.produceWithPatches(base, (d) => {
      const item = d.list.items[i % size];
      item.done = !item.done;
    });
    base = next;
    return patches;
  }, iterations);
  return {
    name: `toggle a field of one item in a list of ${size.toLocaleString('en-US')}: dispatch`,
    value: dispatchNs / 1000,
    baseline: immerNs / 1000,
    unit: 'µs',
    baselineName: 'immer produceWithPatches of the same change',
    goal: 3,
  };
}

/** The issue-22 lines alone, against the given build of `@core/state` (default: this checkout's). */
export async function runToggleMicro(state = { createApp, defineState }) {
  return [await toggleOneItem(state, 10, 50_000), await toggleOneItem(state, 10_000, 20_000)];
}

export async function runMicro() {
  const Counter = defineState('counter', {
    vars: { n: 0, items: Array.from({ length: 10_000 }, (_, i) => ({ id: i, done: false })) },
    events: {
      inc(s) {
        s.n += 1;
      },
      toggle(s, i) {
        s.items[i].done = !s.items[i].done;
      },
    },
  });
  const app = createApp({ states: [Counter] });
  let bytes = 0;
  app.subscribe('bench', (update) => {
    bytes = JSON.stringify(update).length;
  });
  await app.snapshot('bench');

  const iterations = 50_000;
  const dispatchNs = await timeAsync(() => app.dispatch('bench', Counter.inc()), iterations);
  // Baseline: the least any immer-based runtime does per event — one produce with patches.
  const immer = new Immer({ autoFreeze: false });
  let base = { counter: { n: 0 } };
  const immerNs = await timeAsync(() => {
    const [next, patches] = immer.produceWithPatches(base, (d) => {
      d.counter.n += 1;
    });
    base = next;
    return patches;
  }, iterations);

  await app.dispatch('bench', Counter.toggle(5_000));
  const patchBytes = bytes;
  const state = await app.snapshot('bench');
  // Baseline: what a whole-var delta (Reflex's update format) carries for the same change.
  const wholeVarBytes = JSON.stringify({ counter: { items: state.counter.items } }).length;
  const toggleNs = await timeAsync((i) => app.dispatch('bench', Counter.toggle(i % 10_000)), 20_000);
  await app.close();
  const toggles = await runToggleMicro();

  return [
    {
      name: 'handler overhead per event (dispatch, memory manager)',
      value: dispatchNs / 1000,
      baseline: immerNs / 1000,
      unit: 'µs',
      baselineName: 'bare immer produceWithPatches',
    },
    {
      name: 'one change in a 10,000-item list: dispatch',
      value: toggleNs / 1000,
      baseline: immerNs / 1000,
      unit: 'µs',
      baselineName: 'bare immer produceWithPatches (1 var)',
    },
    {
      name: 'update bytes for one change in a 10,000-item list',
      value: patchBytes,
      baseline: wholeVarBytes,
      unit: 'B',
      baselineName: 'whole-var delta',
    },
    ...toggles,
  ];
}

if (isEntry(import.meta.url)) {
  const state = process.argv[2] ? await import(path.resolve(process.argv[2])) : undefined;
  for (const row of await runToggleMicro(state)) {
    console.log(
      `${row.name}: ${row.value.toFixed(2)} µs, immer ${row.baseline.toFixed(2)} µs, ratio ${(row.value / row.baseline).toFixed(2)}`,
    );
  }
}
