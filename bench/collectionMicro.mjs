// Micro-benchmarks of the collection itself (issue 25), without the app around it: what one change
// costs at 10, 10,000 and 1,000,000 items, each size beside the 10-item cost measured in the same
// run. Pure CPU, one process; measure 13 (`measures/collectionChange.mjs`) times the same change
// dispatched through an app.
//
//   node bench/collectionMicro.mjs        (packages built: npx tsc -b)
import { CollectionStore, readSlice } from '@core/state/collections';

const SIZES = [10, 10_000, 1_000_000];

/** Mean µs per call of `fn(i)` over `n` calls after a warm-up. */
function time(fn, n) {
  for (let i = 0; i < Math.min(n, 5_000); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / n / 1_000;
}

/** One size: each operation committed on its own, the collection's size kept constant. */
export function measureCollection(size) {
  const items = Array.from({ length: size }, (_, id) => ({ id, text: `message ${id}`, likes: 0 }));
  const built = performance.now();
  const store = CollectionStore.fromItems({ keyField: 'id', label: 'bench.feed' }, items);
  const buildMs = performance.now() - built;
  const draft = store.draft();
  let next = size;
  const spread = (i) => (i * 7_919) % size;
  const result = {
    size,
    buildMs,
    update: time((i) => {
      draft.update(spread(i), { likes: i });
      draft.commit();
    }, 50_000),
    // An insert and the delete that undoes it, halved: the size stays put.
    insertAtStart:
      time(() => {
        draft.insert({ id: next, text: 'new', likes: 0 }, 'start');
        draft.commit();
        draft.delete(next++);
        draft.commit();
      }, 50_000) / 2,
    insertAnywhere:
      time((i) => {
        draft.insert({ id: next, text: 'new', likes: 0 }, { after: spread(i) });
        draft.commit();
        draft.delete(next++);
        draft.commit();
      }, 50_000) / 2,
    move: time((i) => {
      const key = spread(i);
      draft.move(key, i % 2 === 0 ? 'start' : 'end');
      draft.commit();
    }, 20_000),
    window50: time((i) => readSlice(store, { after: store.orderIndex().at(spread(i)).order, count: 50 }), 20_000),
  };
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = SIZES.map(measureCollection);
  const base = rows[0];
  const ops = ['update', 'insertAtStart', 'insertAnywhere', 'move', 'window50'];
  console.log(
    `| operation (µs, committed) | ${SIZES.map((s) => s.toLocaleString('en')).join(' | ')} | ratio 1M / 10 |`,
  );
  console.log(`| --- | ${SIZES.map(() => '---').join(' | ')} | --- |`);
  for (const op of ops) {
    const cells = rows.map((r) => r[op].toFixed(2));
    console.log(`| ${op} | ${cells.join(' | ')} | ${(rows.at(-1)[op] / base[op]).toFixed(2)} |`);
  }
  console.log(`\nbuild: ${rows.map((r) => `${r.size.toLocaleString('en')}: ${r.buildMs.toFixed(0)} ms`).join(', ')}`);
}
