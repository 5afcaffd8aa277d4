import type { Patch } from 'immer';
import { type CollectionDraft, type CollectionStore, collectionError } from '../collections/index.js';
import type { StateError } from '../errors.js';
import { checkJsonPatches } from './commitCheck.js';

/**
 * The collections one step changes: a draft per collection var the step read (made on first read,
 * kept across its commits), their ops as patches, and what happens to them when the step commits,
 * throws or ends. Part of a `DocDraft`, beside its immer draft.
 */
export class StepCollections {
  /** By `state\0var`. */
  readonly #drafts = new Map<string, CollectionDraft>();
  /** Why the step ended (its drafts refuse writes with it). */
  #closed: string | undefined;

  /** The step's draft of collection var `key` of state `name` (once the step ended, a closed one). */
  draftOf(name: string, key: string, store: CollectionStore): CollectionDraft {
    const id = `${name}\u0000${key}`;
    let draft = this.#drafts.get(id);
    if (!draft) {
      draft = store.draft();
      if (this.#closed !== undefined) draft.close(this.#closed);
      this.#drafts.set(id, draft);
    }
    return draft;
  }

  /**
   * The patches of the collections changed since the last commit (their drafts still hold the
   * changes), or undefined. Not immer ops: pages apply a collection's ops to their window of it
   * (see `CollectionPatch`).
   */
  #patches(): Patch[] | undefined {
    let patches: Patch[] | undefined;
    for (const [id, draft] of this.#drafts) {
      if (draft.ops.length === 0) continue;
      const [state, name] = id.split('\u0000');
      (patches ??= []).push({
        op: 'collection',
        path: [state, name],
        value: draft.ops,
        total: draft.size,
      } as unknown as Patch);
    }
    return patches;
  }

  /**
   * Commits the collections' changes and appends their patches to `patches` (the step's other
   * patches), or returns undefined when no collection changed. Every patch is checked first: a
   * value that is not state data throws and nothing changes; from then on the changes are in place
   * in the collections. Returns how many patches it checked and whether they hold special floats.
   */
  take(patches: Patch[]): { readonly checked: number; readonly floats: boolean } | undefined {
    const collected = this.#patches();
    if (!collected) return undefined;
    const floats = checkJsonPatches(patches) || checkJsonPatches(collected);
    for (const draft of this.#drafts.values()) draft.commit();
    patches.push(...collected);
    return { checked: patches.length, floats };
  }

  /** The error of an assignment to collection var `key` of state `name`. */
  static assignError(name: string, key: string): StateError {
    return collectionError(
      `${name}.${key}`,
      'assign',
      'a collection var is changed through its methods (insert, update, delete, move, reset), not replaced',
    );
  }

  /** Drops the changes not committed yet (the step threw), or, with `reason`, ends the drafts too. */
  drop(reason?: string): void {
    if (reason !== undefined) this.#closed = reason;
    for (const draft of this.#drafts.values()) {
      if (reason === undefined) draft.rollback();
      else draft.close(reason);
    }
  }
}
