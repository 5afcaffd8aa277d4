import type { SliceRequest } from '@core/state/collections/page';
import type { CollectionWindowData, PublicStateOf } from '@core/state/types';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCoreClient } from '../coreContext.js';
import { useAppState } from '../useAppState.js';
import { installWindowFunctions } from './installWindowFunctions.js';

// A page that uses collections applies their patches without waiting for a lazy chunk.
installWindowFunctions();

/** The vars of a state that hold a collection. */
export type CollectionVarsOf<TDef> = {
  [K in keyof PublicStateOf<TDef>]: PublicStateOf<TDef>[K] extends CollectionWindowData<object> ? K : never;
}[keyof PublicStateOf<TDef>] &
  string;

/** The item type of collection var `K`. */
export type CollectionItemOf<TDef, K extends keyof PublicStateOf<TDef>> =
  PublicStateOf<TDef>[K] extends CollectionWindowData<infer TItem> ? TItem : never;

/** Options of {@link useCollection}. */
export interface UseCollectionOptions {
  /**
   * How many items the page wants at least: when the first window (the collection's `window`, sent
   * with the first paint) holds fewer, the rest are loaded once mounted.
   */
  readonly window?: number;
  /**
   * How many items `loadOlder()` and `loadNewer()` load by default (the server caps a load at 500).
   * @default 50
   */
  readonly page?: number;
}

/** What {@link useCollection} returns. */
export interface CollectionView<TItem> {
  /**
   * The items of the page's window, in the collection's order. An item keeps its identity until it
   * changes, so a row memoised on its item re-renders only when that item changed.
   */
  readonly items: readonly TItem[];
  /** How many items the whole collection has. */
  readonly total: number;
  /** Items exist beyond the window, away from the end the window shows (older posts in a feed). */
  readonly hasOlder: boolean;
  /** Items exist beyond the window on the side of the end it shows. */
  readonly hasNewer: boolean;
  /** A load is under way. */
  readonly loading: boolean;
  /** Loads the next `count` items away from the end the window shows. */
  loadOlder(count?: number): Promise<void>;
  /** Loads the next `count` items toward the end the window shows. */
  loadNewer(count?: number): Promise<void>;
}

/**
 * A collection as the page sees it: a window of it (the first or last items, as the collection
 * declares, then what the page loads), every change inside the window applied as it happens, and
 * the total. Changes outside the window reach the page as a count only. Works with a virtualised
 * list: render `items`, size the list by `total`, call `loadOlder()` near its end.
 *
 * @example
 * const feed = useCollection(FeedState, 'posts');
 * feed.items.map((post) => <Row key={post.id} post={post} />);
 * <button disabled={!feed.hasOlder} onClick={() => feed.loadOlder()}>Older</button>
 */
export function useCollection<TDef extends { readonly name: string }, K extends CollectionVarsOf<TDef>>(
  definition: TDef,
  name: K,
  options: UseCollectionOptions = {},
): CollectionView<CollectionItemOf<TDef, K>> {
  type TItem = CollectionItemOf<TDef, K>;
  const client = useCoreClient();
  const window = useAppState(definition, (state) => state[name]) as unknown as CollectionWindowData<TItem>;
  const [loading, setLoading] = useState(false);
  const busy = useRef(false);
  // Which end the window shows: where it is open (remembered: a window emptied by a reset is not).
  const anchor = useRef<'start' | 'end'>('start');
  if (!window.stale && window.lo !== null && window.hi === null) anchor.current = 'end';
  if (!window.stale && window.lo === null && window.hi !== null) anchor.current = 'start';
  const pageSize = options.page ?? 50;

  const load = useCallback(
    async (request: SliceRequest) => {
      if (busy.current) return;
      busy.current = true;
      setLoading(true);
      try {
        await client.loadWindow({ state: definition.name, name, request });
      } finally {
        busy.current = false;
        setLoading(false);
      }
    },
    [client, definition.name, name],
  );
  const { lo, hi } = window;
  const towardEnd = (count: number) => (hi === null ? Promise.resolve() : load({ after: hi, count }));
  const towardStart = (count: number) => (lo === null ? Promise.resolve() : load({ before: lo, count }));
  const fromStart = anchor.current === 'start';
  const loadOlder = (count = pageSize) => (fromStart ? towardEnd(count) : towardStart(count));
  const loadNewer = (count = pageSize) => (fromStart ? towardStart(count) : towardEnd(count));

  // A reset too big to be sent emptied the window: load a fresh one from its end.
  useEffect(() => {
    if (window.stale) void load({ from: anchor.current, count: Math.max(options.window ?? 0, pageSize) });
  }, [window.stale, load, options.window, pageSize]);
  // Fewer items than the page wants: load the rest once.
  const wanted = options.window ?? 0;
  const missing = wanted - window.items.length;
  const more = !window.stale && missing > 0 && (fromStart ? hi !== null : lo !== null);
  // The loaders read the latest window; the functions handed out stay the same.
  const loaders = useRef({ loadOlder, loadNewer });
  loaders.current = { loadOlder, loadNewer };
  useEffect(() => {
    if (more) void loaders.current.loadOlder(missing);
  }, [more, missing]);
  const stable = useMemo(
    () => ({
      loadOlder: (count?: number) => loaders.current.loadOlder(count),
      loadNewer: (count?: number) => loaders.current.loadNewer(count),
    }),
    [],
  );
  return useMemo(
    () => ({
      items: window.items,
      total: window.total,
      hasOlder: !window.stale && (fromStart ? window.hi !== null : window.lo !== null),
      hasNewer: !window.stale && (fromStart ? window.lo !== null : window.hi !== null),
      loading,
      ...stable,
    }),
    [window, loading, fromStart, stable],
  );
}
