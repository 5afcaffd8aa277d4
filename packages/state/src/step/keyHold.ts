import type { EventOrder } from '../definition/eventSpec.js';
import type { StateLease } from '../managers/stateManager.js';
import type { StateUpdate } from '../protocol.js';
import { type DocKind, docKindOf } from '../scopes/docKey.js';
import { newEpoch, type TokenDoc } from '../scopes/tokenDoc.js';
import { type Commit, createEmptyDoc, DraftSession } from './draftSession.js';
import type { StepRuntime } from './stepRuntime.js';

/**
 * One held lock of a locked step: the lease on one document key (a tab's token, a session, a
 * room, the app), the draft session on the loaded document, and the commits stored but not yet
 * sent. A step holds one per key it touches.
 */
export class KeyHold {
  readonly key: string;
  readonly kind: DocKind;
  readonly session: DraftSession;
  readonly #runtime: StepRuntime;
  readonly #lease: StateLease;
  #pending: Commit[] = [];
  #unsaved: TokenDoc | undefined;
  #done = false;

  constructor(runtime: StepRuntime, lease: StateLease) {
    this.#runtime = runtime;
    this.#lease = lease;
    this.key = lease.token;
    this.kind = docKindOf(lease.token);
    this.session = new DraftSession(lease.doc ?? createEmptyDoc(), runtime.registry, runtime.computed, this.kind);
  }

  /** Brings the loaded document up to the app's states; a new document is stored on release. */
  reconcile(): void {
    this.#record(this.session.reconcile(this.#lease.doc === undefined));
    if (!this.#lease.doc) this.#unsaved = this.session.base;
  }

  /** Marks the session's current base (links or event ids changed outside the draft) as to store. */
  touchBase(doc: TokenDoc): void {
    this.#unsaved = doc;
  }

  /** Stores `doc` as the whole document (copying a token); drafts and pending commits are dropped. */
  replace(doc: TokenDoc): void {
    const copy = { ...doc, epoch: newEpoch() };
    this.session.resetTo(copy);
    this.#pending = [];
    this.#unsaved = copy;
  }

  /** Commits the draft, stores the result and sends it, keeping the lock (a `yield`). */
  async flush(): Promise<void> {
    this.#record(this.session.commit());
    const updates = this.#updates();
    if (this.#unsaved) {
      try {
        await this.#lease.save(this.#unsaved, updates);
      } catch (error) {
        this.#pending = [];
        throw error;
      } finally {
        this.#unsaved = undefined;
      }
    }
    this.#send(updates);
  }

  /** Commits the draft; records the event id when given. Call {@link release} next. */
  commit(eventId?: string, order?: EventOrder): void {
    this.#record(this.session.commit());
    if (eventId !== undefined) this.#unsaved = this.session.recordEvent(eventId, order);
  }

  /** Stores what was committed, releases the lock, then sends (the last update carries `eventId`). */
  async release(eventId?: string): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const doc = this.#unsaved;
    this.#unsaved = undefined;
    const updates = this.#updates(eventId);
    try {
      await this.#lease.release(doc, updates);
    } catch (error) {
      this.#pending = [];
      throw error;
    }
    this.#send(updates);
  }

  /** Drops the uncommitted draft (earlier commits stand), stores what was committed, releases. */
  async abort(): Promise<void> {
    this.session.discard();
    await this.release();
  }

  #record(commit: Commit | undefined): void {
    if (!commit) return;
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
      const { doc, patches } = pending[i];
      updates[i] = i === last && eventId !== undefined ? { seq: doc.seq, patches, eventId } : { seq: doc.seq, patches };
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
