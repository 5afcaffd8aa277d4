import {
  CollectionReader,
  type CollectionSlice,
  collectionError,
  MAX_WINDOW_REQUEST,
  readSlice,
  type SliceRequest,
} from '../collections/index.js';
import { docKeyFor, isBackendName, sourceOf } from '../scopes/index.js';
import { loadCurrentDoc, runLockedStep, type StepRuntime } from '../step/index.js';

/** What a page asked of a collection: which one (by state and var) and which part. */
export interface WindowAsk {
  readonly state: string;
  readonly name: string;
  readonly request: SliceRequest;
}

/** A part of a collection read for a page, with where it stands in its document. */
export interface WindowRead {
  /** The shared document's source label (as in `PatchMessage.source`); absent: the tab's own. */
  readonly source?: string;
  /** The document's `seq` and epoch the slice was read at: the page applies it once it is there. */
  readonly seq: number;
  readonly epoch: string;
  readonly slice: CollectionSlice;
}

/**
 * Reads part of a collection a tab shows, under its document's lock, so that the slice is the
 * document's latest and `seen(slice, source)` runs before any later change can be committed (the transport
 * widens the page's bounds there: every later change is then filtered with them). The page names
 * only the state, the var and the part: the document is the one this tab shows that state from,
 * a `_` var or a var that is not a collection is refused, and the count is capped.
 */
export async function readWindowStep(
  runtime: StepRuntime,
  token: string,
  ask: WindowAsk,
  seen: (slice: CollectionSlice, source: string) => void,
): Promise<WindowRead> {
  const internals = runtime.registry.get(ask.state);
  const label = `${ask.state}.${ask.name}`;
  if (!internals || isBackendName(ask.name) || !internals.collections.has(ask.name)) {
    throw collectionError(label, 'read a window of', 'this app has no such public collection var');
  }
  const request = { ...ask.request, count: Math.min(MAX_WINDOW_REQUEST, ask.request.count) };
  const tab = await loadCurrentDoc(runtime, token, true);
  const key = docKeyFor(internals.scope, internals.name, token, tab.links ?? {}) ?? token;
  const source = sourceOf(key);
  const outcome = await runLockedStep<CollectionSlice>(
    runtime,
    key,
    { ended: 'the window was only being read.' },
    (scope) => {
      const collection = scope.view(internals)[ask.name];
      if (!(collection instanceof CollectionReader)) {
        throw collectionError(label, 'read a window of', 'the var holds no collection');
      }
      const slice = readSlice(collection, request);
      seen(slice, source ?? '');
      return slice;
    },
  );
  const read = { seq: outcome.doc.seq, epoch: outcome.doc.epoch ?? '', slice: outcome.result };
  return source ? { ...read, source } : read;
}
