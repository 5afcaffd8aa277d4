import { type CollectionPatch, isCollectionPatch } from './collectionPatch.js';
import { isCollectionWindow } from './collectionWindow.js';
import { opsForWindow } from './opsForWindow.js';
import { boundsWith, type CollectionSlice, type WindowBounds } from './windowBounds.js';

/** The most collections whose bounds one page's record keeps (more: those pages get every op). */
const MAX_WINDOWS = 256;

/**
 * What the server knows of one page's collection windows: their bounds, by document and var, kept
 * by the same rules the page follows (`windowBounds.ts`), so the server can send the page only the
 * changes its windows show. A collection it has no bounds for gets every op: the page applies them
 * with its own bounds, so knowing less costs bytes, never correctness. Bounds are only ever as
 * wide as or wider than the page's own (they widen when a slice is sent, before the page has it).
 */
export class PageWindows {
  readonly #bounds = new Map<string, WindowBounds>();

  /**
   * Takes the bounds of every window in a hydrate's `state`; `sourceOf` names the document of each
   * state (`''`: the tab's own). Windows the page had before are forgotten: a hydrate replaces them.
   */
  noteHydrate(state: Readonly<Record<string, Readonly<Record<string, unknown>>>>, sourceOf: (state: string) => string) {
    this.#bounds.clear();
    for (const [name, vars] of Object.entries(state)) {
      for (const [field, value] of Object.entries(vars)) {
        if (isCollectionWindow(value)) this.#set(sourceOf(name), name, field, { lo: value.lo, hi: value.hi });
      }
    }
  }

  /** Takes the bounds a page says its windows have (after a replay it keeps them; a claim, used only to filter). */
  noteClaim(source: string, state: string, name: string, bounds: WindowBounds): void {
    this.#set(source, state, name, { lo: bounds.lo, hi: bounds.hi });
  }

  /** Widens a window's bounds as `slice` is sent to the page (nothing when it does not continue them). */
  noteSlice(source: string, state: string, name: string, slice: CollectionSlice): void {
    const key = keyOf(source, state, name);
    const current = this.#bounds.get(key);
    if (current === undefined && slice.extends !== undefined) return; // unknown: every op already
    const next = current === undefined ? { lo: slice.lo, hi: slice.hi } : boundsWith(current, slice);
    if (next) this.#set(source, state, name, next);
  }

  /** The bounds kept for a window, or undefined (the page gets every op). */
  get(source: string, state: string, name: string): WindowBounds | undefined {
    return this.#bounds.get(keyOf(source, state, name));
  }

  /**
   * The patches of an update of document `source` as this page needs them: each collection's ops
   * filtered by the window's bounds (`opsForWindow`), a collection patch left with no op dropped.
   * Returns `patches` itself when nothing was filtered out, so the caller can send the bytes it
   * encoded once for every page.
   */
  filter<TPatch extends { readonly op: string }>(source: string, patches: readonly TPatch[]): readonly TPatch[] {
    let out: TPatch[] | undefined;
    for (let i = 0; i < patches.length; i++) {
      const patch = patches[i];
      let kept: TPatch | undefined = patch;
      if (isCollectionPatch(patch)) {
        const [state, name] = patch.path;
        const bounds = this.get(source, state, name);
        if (bounds) {
          const filtered = opsForWindow(patch.value, bounds);
          this.#set(source, state, name, filtered.bounds);
          const same =
            filtered.ops.length === patch.value.length && filtered.ops.every((op, j) => op === patch.value[j]);
          if (!same) {
            kept =
              filtered.ops.length === 0
                ? undefined
                : ({ ...patch, value: filtered.ops } satisfies CollectionPatch as unknown as TPatch);
          }
        }
      }
      if (kept !== patch) out ??= patches.slice(0, i);
      if (out && kept) out.push(kept);
    }
    return out ?? patches;
  }

  #set(source: string, state: string, name: string, bounds: WindowBounds): void {
    const key = keyOf(source, state, name);
    if (!this.#bounds.has(key) && this.#bounds.size >= MAX_WINDOWS) return;
    this.#bounds.set(key, bounds);
  }
}

function keyOf(source: string, state: string, name: string): string {
  return `${source}\u0000${state}\u0000${name}`;
}
