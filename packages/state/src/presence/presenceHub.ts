import type { Logger } from '../logger.js';
import {
  MemoryPresenceRegistry,
  PRESENCE_LIMITS,
  type PresenceChange,
  type PresenceList,
  type PresenceMember,
  type PresenceMeta,
  type PresenceRegistry,
  type TaskRegistryMember,
} from '../managers/index.js';

/** What the hub needs from its app. */
export interface PresenceHubHost {
  /** Joins the task registry: entries live as long as this process's lease. */
  join(): Promise<TaskRegistryMember>;
  /** The state manager's registry, if it has one. */
  registry(): PresenceRegistry | undefined;
  logger(): Logger;
  /** The metadata the app derives for a page of `token` (its `presenceMeta`), or `{}`. */
  derive(token: string): Promise<PresenceMeta>;
  /** Runs the `onPresence` handlers of the document `key` (under its lock). */
  handle(change: PresenceChange): Promise<void>;
  /** Sends the change to the pages watching `key` (the transport's listener). */
  deliver(change: PresenceChange): void;
}

interface LocalPage {
  readonly token: string;
  /** The transport's id for the page (an event's `page`): how `ctx.presence` finds it. */
  readonly target: string | undefined;
  /** What the page set (`core:presence`), under what the app derives. */
  own: PresenceMeta;
  derived: PresenceMeta;
  /** What handlers set (`ctx.presence`), per list: over the rest. */
  readonly granted: Map<string, PresenceMeta>;
  /** A metadata write is in line: a newer set only replaces `own`. */
  setPending: boolean;
  readonly keys: Set<string>;
  /** The page's registry calls, one at a time in the order they were asked. */
  queue: Promise<void>;
}

/**
 * This process's side of presence: the pages connected here and the keys each is in (the transport
 * reports joins and leaves of their rooms), written to the presence registry under this process's
 * task-registry lease, and every change handed to `onPresence` handlers and to watching pages —
 * once in the cluster. The pages of a dead process are reaped by the survivor that claims it.
 */
export class PresenceHub {
  readonly #host: PresenceHubHost;
  readonly #fallback = new MemoryPresenceRegistry();
  readonly #pages = new Map<string, LocalPage>();
  /** Presence ids by the transport's page id. */
  readonly #targets = new Map<string, string>();
  #member: Promise<PresenceMember> | undefined;
  #memberId = '';

  constructor(host: PresenceHubHost) {
    this.#host = host;
  }

  /**
   * Page `pageId` of `token` is now in the presence list of `key` (its room joined it); `target` is
   * the transport's id for it, which events it sends carry (`DispatchOptions.page`).
   */
  enter(pageId: string, token: string, key: string, target?: string): void {
    let page = this.#pages.get(pageId);
    if (!page) {
      const queue = Promise.resolve();
      page = { token, target, own: {}, derived: {}, granted: new Map(), setPending: false, keys: new Set(), queue };
      this.#pages.set(pageId, page);
      if (target !== undefined) this.#targets.set(target, pageId);
    }
    const local = page;
    local.keys.add(key);
    this.#queue(local, async (member) => {
      const before = JSON.stringify(local.derived);
      local.derived = await this.#host.derive(token);
      const changes = [await member.join(key, pageId, this.#metaOf(local, key))];
      // Derived again (a sign-in moved the tab to another session): its other lists follow.
      if (JSON.stringify(local.derived) !== before) {
        for (const other of local.keys) {
          const change = other === key ? undefined : await member.update(other, pageId, this.#metaOf(local, other));
          if (change) changes.push(change);
        }
      }
      await this.#publish(changes);
    });
  }

  /** Page `pageId` left the presence list of `key` (its room, or its socket, went away). */
  exit(pageId: string, key: string): void {
    const page = this.#pages.get(pageId);
    if (!page?.keys.delete(key)) return;
    page.granted.delete(key);
    if (page.keys.size === 0) {
      this.#pages.delete(pageId);
      if (page.target !== undefined) this.#targets.delete(page.target);
    }
    this.#queue(page, async (member) => {
      const change = await member.leave(key, pageId);
      if (change) await this.#publish([change]);
    });
  }

  /**
   * The page set its own metadata (merged under what the app derives, which it cannot override).
   * Sets that come faster than the registry writes are coalesced: the write in line takes the latest.
   */
  set(pageId: string, meta: PresenceMeta): void {
    const page = this.#pages.get(pageId);
    if (!page) return;
    page.own = meta;
    if (page.setPending) return;
    page.setPending = true;
    this.#queue(page, async () => {
      page.setPending = false;
    });
    for (const key of page.keys) {
      this.#queue(page, async (member) => {
        const change = await member.update(key, pageId, this.#metaOf(page, key));
        if (change) await this.#publish([change]);
      });
    }
  }

  /** What handlers set for the page the transport calls `target` in the list of `key`; undefined when it is not here. */
  granted(target: string, key: string): PresenceMeta | undefined {
    const page = this.#pages.get(this.#targets.get(target) ?? '');
    return page && (page.granted.get(key) ?? {});
  }

  /**
   * A handler set the metadata of page `target` in the list of `key` (`ctx.presence`): kept for
   * the list (for its next enter too) and written over what the page and `presenceMeta` say.
   */
  grant(target: string, key: string, meta: PresenceMeta): void {
    const pageId = this.#targets.get(target);
    const page = pageId === undefined ? undefined : this.#pages.get(pageId);
    if (!page || pageId === undefined) return;
    page.granted.set(key, meta);
    if (!page.keys.has(key)) return;
    this.#queue(page, async (member) => {
      const change = page.keys.has(key) ? await member.update(key, pageId, this.#metaOf(page, key)) : undefined;
      if (change) await this.#publish([change]);
    });
  }

  /** The key's live list (for a page that starts watching). */
  async list(key: string): Promise<PresenceList> {
    return (await this.#attach()).list(key);
  }

  /** How many pages the key's list holds (a dead process's until reaped). */
  async count(key: string): Promise<number> {
    return (await this.#attach()).count(key);
  }

  /** Reaps the pages of a process this one claimed as dead: each leaves once, here. */
  async reap(processId: string): Promise<void> {
    if (!this.#member) return;
    await this.#publish(await (await this.#member).reap(processId));
  }

  /** Removes this process's pages (the app closes) and tells their watchers. */
  async close(): Promise<void> {
    const member = this.#member;
    this.#pages.clear();
    this.#targets.clear();
    if (!member) return;
    const leaves = await (await member).leaveAll().catch(() => []);
    for (const change of leaves) this.#host.deliver(change);
  }

  /**
   * A page's entry in `key`: its own fields, under what the app derives, under what handlers set
   * there. Over the size bound, the page's own fields are left out: they cannot crowd out the server's.
   */
  #metaOf(page: LocalPage, key: string): PresenceMeta {
    const server = { ...page.derived, ...page.granted.get(key) };
    const meta = { ...page.own, ...server };
    return JSON.stringify(meta).length > PRESENCE_LIMITS.meta ? server : meta;
  }

  #queue(page: LocalPage, work: (member: PresenceMember) => Promise<void>): void {
    page.queue = page.queue
      .then(async () => work(await this.#attach()))
      .catch((error: unknown) => this.#host.logger().warn('A presence change failed', { error }));
  }

  /** The registry side of this process's current member (again after it was declared dead and rejoined). */
  #attach(): Promise<PresenceMember> {
    const joining = this.#host.join().then((member) => {
      if (member.id !== this.#memberId || !this.#member) {
        this.#memberId = member.id;
        this.#member = Promise.resolve((this.#host.registry() ?? this.#fallback).attach(member));
      }
      return this.#member;
    });
    return joining;
  }

  async #publish(changes: readonly PresenceChange[]): Promise<void> {
    for (const change of changes) {
      this.#host.deliver(change);
      await this.#host.handle(change).catch((error: unknown) => {
        this.#host.logger().error('An onPresence handler failed', { key: change.key, error });
      });
    }
  }
}
