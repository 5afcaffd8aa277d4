// Micro-benchmarks of the state runtime (issue 2): handler overhead per event and the size of
// the update for one change in a 10,000-item list, each beside a baseline measured in this run.
import { createApp, defineState } from '@core/state';
import { enablePatches, Immer } from 'immer';

enablePatches();

/** Mean nanoseconds per call of `fn` over `iterations` after a warm-up. */
async function timeAsync(fn, iterations) {
  for (let i = 0; i < Math.min(2_000, iterations); i++) await fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / iterations;
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
  ];
}
