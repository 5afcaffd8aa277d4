import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyWindowOps,
  boundsContain,
  type CollectionOp,
  type CollectionPatch,
  type CollectionSlice,
  CollectionStore,
  type CollectionWindowData,
  extendWindow,
  opsForWindow,
  PageWindows,
  readSlice,
  windowFromSlice,
} from '../index.js';
import { type Command, commandArb, type Msg, runCommand } from './collectionModel.js';

/** A page as the simulation drives it, with what the server keeps about it. */
interface SimPage {
  readonly anchor: 'start' | 'end';
  window: CollectionWindowData<Msg>;
  /** What the server keeps of the page's windows. */
  readonly server: PageWindows;
  /** How many committed updates have reached the page. */
  delivered: number;
  /** A loaded slice that waits until the page has applied the update it was read at. */
  pending?: { readonly slice: CollectionSlice<Msg>; readonly seq: number };
}

type PageAction =
  | { readonly kind: 'deliver'; readonly page: number }
  | { readonly kind: 'load'; readonly page: number; readonly side: 'after' | 'before'; readonly count: number }
  | { readonly kind: 'reload'; readonly page: number };

const pageActionArb: fc.Arbitrary<PageAction> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), page: fc.nat(1) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('load' as const),
      page: fc.nat(1),
      side: fc.constantFrom('after' as const, 'before' as const),
      count: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), page: fc.nat(1) }) },
);

const options = { keyField: 'id', label: 'test.feed', maxChunk: 8 };

describe('a page window fed filtered ops', () => {
  it('equals the slice of the collection its bounds cover, however changes, loads and late deliveries interleave', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 25 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 2 }),
        fc.array(fc.oneof(commandArb, pageActionArb), { maxLength: 150 }),
        (initialSize, windowSizes, steps) => {
          const initial = Array.from({ length: initialSize }, (_, id): Msg => ({ id, text: `m${id}`, likes: 0 }));
          const store = CollectionStore.fromItems<Msg, number>(options, initial);
          const draft = store.draft();
          let model = [...initial];
          let committed = [...initial];
          // Committed updates in seq order (seq = index + 1); each page has a delivery cursor.
          const log: (readonly CollectionOp<Msg>[])[] = [];
          const pages: SimPage[] = (['start', 'end'] as const).map((anchor, i) => {
            const slice = readSlice(store, { from: anchor, count: windowSizes[i] });
            const window = windowFromSlice<Msg>('id', slice);
            const server = new PageWindows();
            server.noteHydrate({ feed: { posts: window, other: 1 } }, () => '');
            return { anchor, window, server, delivered: 0 };
          });

          const deliver = (page: SimPage) => {
            const ops = log[page.delivered++];
            // Filtered when it reaches the page's socket, with the bounds the server holds then.
            const patch: CollectionPatch<Msg> = { op: 'collection', path: ['feed', 'posts'], value: ops };
            const [sent] = page.server.filter('', [patch]) as CollectionPatch<Msg>[];
            if (sent) page.window = applyWindowOps(page.window, JSON.parse(JSON.stringify(sent.value)));
            if (page.pending && page.delivered >= page.pending.seq) {
              page.window = extendWindow(page.window, page.pending.slice) ?? page.window;
              page.pending = undefined;
            }
          };
          const ask = (page: SimPage, slice: CollectionSlice<Msg>) => {
            // The server switches its copy of the bounds when it answers; the page waits for the seq.
            page.server.noteSlice('', 'feed', 'posts', slice);
            const answer = JSON.parse(JSON.stringify(slice)) as CollectionSlice<Msg>;
            if (page.delivered >= log.length) page.window = extendWindow(page.window, answer) ?? page.window;
            else page.pending = { slice: answer, seq: log.length };
          };
          const expectCaughtUp = (page: SimPage) => {
            const { lo, hi } = page.window;
            expect(page.server.get('', 'feed', 'posts')).toEqual({ lo, hi });
            const covered = [...store.storedEntries()].filter(([order]) => boundsContain({ lo, hi }, order));
            expect(page.window.orders).toEqual(covered.map(([order]) => order));
            expect(page.window.items).toEqual(covered.map(([, item]) => item));
            expect(page.window.total).toBe(store.size);
            // Bounds open at the start hold a prefix of the list (an empty one once its items were deleted).
            if (lo === null) expect(page.window.items).toEqual(committed.slice(0, page.window.items.length));
          };

          for (const step of steps) {
            if (step.kind === 'commit') {
              const ops = draft.commit();
              committed = [...model];
              if (ops.length > 0) log.push(JSON.parse(JSON.stringify(ops)));
            } else if (step.kind === 'rollback') {
              draft.rollback();
              model = [...committed];
            } else if (step.kind === 'deliver' || step.kind === 'load' || step.kind === 'reload') {
              const page = pages[step.page];
              if (step.kind === 'deliver') {
                if (page.delivered < log.length) deliver(page);
              } else if (!page.pending) {
                if (step.kind === 'reload') {
                  if (page.window.stale) ask(page, readSlice(store, { from: page.anchor, count: 5 }));
                } else if (!page.window.stale) {
                  const { lo, hi } = page.window;
                  if (step.side === 'after' && hi !== null)
                    ask(page, readSlice(store, { after: hi, count: step.count }));
                  if (step.side === 'before' && lo !== null)
                    ask(page, readSlice(store, { before: lo, count: step.count }));
                }
              }
            } else runCommand(draft, model, step as Command);
            for (const page of pages) if (page.delivered === log.length && !page.pending) expectCaughtUp(page);
          }
          draft.rollback();
          for (const page of pages) {
            while (page.delivered < log.length) deliver(page);
            expectCaughtUp(page);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends a page one count change for inserts and deletes outside its window, and nothing for updates there', () => {
    const items = Array.from({ length: 100 }, (_, id): Msg => ({ id, text: `m${id}`, likes: 0 }));
    const store = CollectionStore.fromItems<Msg, number>(options, items);
    const slice = readSlice(store, { from: 'start', count: 10 });
    const draft = store.draft();
    draft.insert({ id: 500, text: 'far', likes: 0 }, 'end');
    draft.insert({ id: 501, text: 'far', likes: 0 }, { after: 40 });
    draft.delete(50);
    draft.update(60, { likes: 3 });
    draft.move(70, { after: 80 });
    draft.update(3, { likes: 1 });
    const { ops } = opsForWindow(draft.commit(), slice);
    expect(ops).toEqual([
      ['~', 3, slice.orders[3], { likes: 1 }],
      ['#', 1],
    ]);
    const window = applyWindowOps(windowFromSlice('id', slice), ops);
    expect(window.items[3]).toEqual({ id: 3, text: 'm3', likes: 1 });
    expect(window.items[4]).toBe(slice.items[4]);
    expect(window.total).toBe(101);
    // A change outside the window leaves its arrays as they were: no row re-renders.
    const counted = applyWindowOps(window, [['#', 1]]);
    expect(counted.items).toBe(window.items);
    expect(counted.total).toBe(102);
  });
});
