import { EncodedUpdate, type StateLease } from '../managers/index.js';
import type { StateUpdate, UpdatePosition } from '../protocol.js';
import type { EventOrder } from '../scopes/index.js';
import {
  createEmptyDoc,
  type DocKind,
  docKindOf,
  newEpoch,
  sourceOf,
  type TokenDoc,
  withEvent,
} from '../scopes/index.js';
import type { Commit } from './commitCheck.js';
import { DocDraft } from './docDraft.js';
import { isPromiseLike } from './handlerResult.js';
import type { StepRuntime } from './stepRuntime.js';

/**
 * One document a step holds: the lease on its key (a tab's token, a session, a room, the app), the
 * draft of its edits, and the commits stored but not sent yet. It stores before it sends, so a
 * fenced write never reaches a page; with a store in this process (the memory manager) all of it
 * happens at once, without a promise.
 */
export class HeldDoc {
  readonly key: string;
  readonly kind: DocKind;
  readonly draft: DocDraft;
  readonly #runtime: StepRuntime;
  readonly #lease: StateLease;
  #pending: Commit[] = [];
  /** Stored by {@link releaseHeld}, sent by {@link sendHeld}. */
  #held: StateUpdate[] | undefined;
  #unsaved: TokenDoc | undefined;
  #done = false;
  /** Computed vars whose failure this step reported already. */
  #reported: Set<string> | undefined;

  constructor(runtime: StepRuntime, lease: StateLease) {
    this.#runtime = runtime;
    this.#lease = lease;
    this.key = lease.token;
    this.kind = docKindOf(lease.token);
    this.draft = new DocDraft(lease.doc ?? createEmptyDoc(), runtime.registry, runtime.computed, this.kind, this.key);
  }

  /** The last committed document. */
  get doc(): TokenDoc {
    return this.draft.base;
  }

  /** Brings the loaded document up to the app's states; a new document is stored on release. */
  reconcile(): void {
    this.#record(this.draft.reconcile(this.#lease.doc === undefined));
    if (!this.#lease.doc) this.#unsaved = this.draft.base;
  }

  /** Replaces the document's records (links, tasks; see `docRecords.ts`): stored with the next write. */
  setRecords(doc: TokenDoc): void {
    this.#unsaved = this.draft.setRecords(doc);
  }

  /** Stores `doc` as the whole document (copying a token); drafts and pending commits are dropped. */
  replace(doc: TokenDoc): void {
    const copy = { ...doc, epoch: newEpoch() };
    this.draft.resetTo(copy);
    this.#pending = [];
    this.#unsaved = copy;
  }

  /** Commits the draft, stores the result and sends it, keeping the lock (a `yield`). */
  flush(): void | Promise<void> {
    this.#record(this.draft.commit());
    const updates = this.#updates();
    const doc = this.#unsaved;
    if (!doc) return this.#send(updates);
    this.#unsaved = undefined;
    return this.#store(() => this.#lease.save(doc, updates), updates);
  }

  /** Commits the draft and records the event (its id, or its position for its source). Call {@link release} next. */
  commit(eventId?: string, order?: EventOrder): void {
    this.#record(this.draft.commit());
    if (eventId !== undefined) this.setRecords(withEvent(this.draft.base, eventId, order));
  }

  /**
   * Stores what was committed, releases the lock, then sends; the last update carries `eventId`.
   * Resolves to true when an update carried it (the page's ack rides on it), false otherwise.
   */
  release(eventId?: string): boolean | Promise<boolean> {
    if (this.#done) return false;
    this.#done = true;
    const doc = this.#unsaved;
    this.#unsaved = undefined;
    const updates = this.#updates(eventId);
    const carried = eventId !== undefined && updates !== undefined;
    const stored = this.#store(() => this.#lease.release(doc, updates), updates);
    return isPromiseLike(stored) ? stored.then(() => carried) : carried;
  }

  /** True when a commit waits to be sent (the step changed the document's public values since the last send). */
  get changed(): boolean {
    return this.#pending.length > 0;
  }

  /**
   * Stores what was committed and releases the lock like {@link release}, but keeps the updates
   * (none carries an event id) for {@link sendHeld}. Resolves to the position of the last one.
   */
  releaseHeld(): UpdatePosition | undefined | Promise<UpdatePosition | undefined> {
    if (this.#done) return undefined;
    this.#done = true;
    const doc = this.#unsaved;
    this.#unsaved = undefined;
    const updates = this.#updates();
    const position = updates && positionOf(this.key, updates[updates.length - 1]);
    const stored = this.#store(() => this.#lease.release(doc, updates), updates, true);
    return isPromiseLike(stored) ? stored.then(() => position) : position;
  }

  /** Sends the updates {@link releaseHeld} stored (nothing when it stored none). */
  sendHeld(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held) this.#send(held);
  }

  /** Drops the uncommitted draft (earlier commits stand), stores what was committed, releases. */
  abort(): void | Promise<void> {
    this.draft.discard();
    const released = this.release();
    if (isPromiseLike(released)) return released.then(() => undefined);
  }

  /**
   * Runs the store's write, then sends the updates (or, `hold`, keeps them for {@link sendHeld});
   * a refused write drops them (a fenced holder).
   */
  #store(write: () => void | Promise<void>, updates: StateUpdate[] | undefined, hold = false): void | Promise<void> {
    const failed = (error: unknown): never => {
      this.#pending = [];
      throw error;
    };
    let stored: void | Promise<void>;
    try {
      stored = write();
    } catch (error) {
      return failed(error);
    }
    if (!isPromiseLike(stored)) return hold ? void (this.#held = updates) : this.#send(updates);
    return stored.then(() => (hold ? void (this.#held = updates) : this.#send(updates)), failed);
  }

  #record(commit: Commit | undefined): void {
    if (!commit) return;
    for (const failure of commit.failures ?? []) {
      // Once per step: a failing computed var is tried again at each of its commits.
      if ((this.#reported ??= new Set()).has(failure.name)) continue;
      this.#reported.add(failure.name);
      this.#runtime.report(this.key, failure.error, failure.name);
    }
    this.#unsaved = commit.doc;
    if (commit.patches.length > 0) this.#pending.push(commit);
  }

  /**
   * The pending commits as the updates pages get (the last one carrying the event id): stored with
   * the document, in the manager's replay log, then sent — the same objects.
   */
  #updates(eventId?: string): StateUpdate[] | undefined {
    const pending = this.#pending;
    if (pending.length === 0) return undefined;
    const last = pending.length - 1;
    const updates: StateUpdate[] = new Array(pending.length);
    for (let i = 0; i <= last; i++) {
      const { doc, patches, floats } = pending[i];
      updates[i] = new EncodedUpdate(doc.seq, patches, i === last ? eventId : undefined, floats === true);
    }
    return updates;
  }

  #send(updates: StateUpdate[] | undefined): void {
    const pending = this.#pending;
    this.#pending = [];
    if (!updates) return;
    for (let i = 0; i < updates.length; i++) this.#runtime.send(this.key, updates[i], pending[i].doc.epoch ?? '');
  }
}

/** Where `update` of document `key` stands, as a page names it. */
function positionOf(key: string, update: StateUpdate): UpdatePosition {
  const source = sourceOf(key);
  return source === undefined ? { seq: update.seq } : { source, seq: update.seq };
}
