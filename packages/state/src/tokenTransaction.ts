import type { ComputedVars } from './computedVars.js';
import { type Commit, createEmptyDoc, DraftSession } from './draftSession.js';
import type { StateLease, StateManager } from './stateManager.js';
import type { StateRegistry } from './stateRegistry.js';
import type { TokenDoc } from './tokenDoc.js';

/** Sends one commit's patches to the token's subscribers (`eventId` on an event's last commit). */
export type CommitSink = (token: string, commit: Commit, eventId?: string) => void;

/**
 * One hold of a token's lock: the lease, the draft session on the loaded document, and the
 * commits not yet stored. Commits are sent to the page only after the store accepted them, so a
 * fenced (refused) write never reaches the page.
 */
export class TokenTransaction {
  readonly session: DraftSession;
  readonly #lease: StateLease;
  readonly #sink: CommitSink;
  #pending: Commit[] = [];
  #unsaved: TokenDoc | undefined;
  #done = false;

  private constructor(lease: StateLease, session: DraftSession, sink: CommitSink) {
    this.#lease = lease;
    this.session = session;
    this.#sink = sink;
  }

  /** Takes the token's lock, loads its document and brings it up to the app's current shape. */
  static async open(
    manager: StateManager,
    token: string,
    registry: StateRegistry,
    computed: ComputedVars,
    sink: CommitSink,
  ): Promise<TokenTransaction> {
    const lease = await manager.lock(token);
    const doc = lease.doc ?? createEmptyDoc();
    const tx = new TokenTransaction(lease, new DraftSession(doc, registry, computed), sink);
    tx.#record(tx.session.reconcile(lease.doc === undefined));
    if (!lease.doc) tx.#unsaved = tx.session.base;
    return tx;
  }

  /** The token this transaction holds. */
  get token(): string {
    return this.#lease.token;
  }

  /** Commits the draft, stores the result and sends it, keeping the lock (a generator's `yield`). */
  async flush(): Promise<void> {
    this.#record(this.session.commit());
    if (this.#unsaved) {
      try {
        await this.#lease.save(this.#unsaved);
      } catch (error) {
        this.#pending = [];
        throw error;
      } finally {
        this.#unsaved = undefined;
      }
    }
    this.#send();
  }

  /**
   * Commits the draft, stores the result, releases the lock, then sends; the last commit carries
   * `eventId` when given.
   */
  async close(eventId?: string): Promise<void> {
    this.#record(this.session.commit());
    if (eventId !== undefined) this.#unsaved = this.session.recordEvent(eventId);
    await this.#end(eventId);
  }

  /** Stores `doc` as the token's whole state and releases the lock (copying a token). */
  async replace(doc: TokenDoc): Promise<void> {
    this.session.discard();
    this.#pending = [];
    this.#unsaved = doc;
    await this.#end();
  }

  /** Drops the uncommitted draft (earlier commits stand), stores what was committed, releases. */
  async abort(): Promise<void> {
    this.session.discard();
    await this.#end();
  }

  async #end(eventId?: string): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    const doc = this.#unsaved;
    this.#unsaved = undefined;
    try {
      await this.#lease.release(doc);
    } catch (error) {
      this.#pending = [];
      throw error;
    }
    this.#send(eventId);
  }

  #record(commit: Commit | undefined): void {
    if (!commit) return;
    this.#unsaved = commit.doc;
    if (commit.patches.length > 0) this.#pending.push(commit);
  }

  #send(eventId?: string): void {
    const pending = this.#pending;
    this.#pending = [];
    const last = pending.length - 1;
    for (let i = 0; i <= last; i++) this.#sink(this.#lease.token, pending[i], i === last ? eventId : undefined);
  }
}
