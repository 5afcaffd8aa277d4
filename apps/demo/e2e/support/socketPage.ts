import type { EventAck, HydrateMessage, PatchMessage } from '@core/state/protocol';
import { applyPatches, enablePatches } from 'immer';
import { io, type Socket } from 'socket.io-client';

enablePatches();

/**
 * A page stand-in speaking the wire protocol from Node: keeps its token and instance, applies
 * patches in seq order per source (the tab's own document and each shared one, resyncing on a gap,
 * as the browser client does) and can move to another server process, keeping its token. Many of
 * these are cheaper than many browser pages.
 */
export class SocketPage {
  readonly instance = `page-${Math.random().toString(36).slice(2)}`;
  token: string | undefined;
  state: Record<string, Record<string, unknown>> | undefined;
  /** The seq of the tab's own document this page has applied. */
  seq = 0;
  /** Shared documents (`@app`, `@session`, `@room:<key>`): their seq and the states taken from each. */
  #shared = new Map<string, { seq: number; states: readonly string[] }>();
  /** The last messages received, newest last: for failure messages (`received`). */
  #received: string[] = [];
  #socket: Socket | undefined;
  #nextId = 0;

  /** Connects to `url` (again) with this page's token; resolves once hydrated. */
  async connect(url: string): Promise<void> {
    this.#socket?.disconnect();
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: this.token, instance: this.instance },
    });
    this.#socket = socket;
    socket.on('core:patch', (update: PatchMessage) => {
      this.#note(
        `patch from ${url} source=${update.source ?? 'tab'} seq=${update.seq} applied=${this.#seqOf(update.source)}`,
      );
      this.#apply(update);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('core:hydrate', (message: HydrateMessage) => {
        this.#note(`hydrate from ${url} seq=${message.seq}`);
        this.#hydrate(message);
        resolve();
      });
      socket.once('connect_error', reject);
    });
  }

  /** Sends an event and resolves with its ack. */
  send(state: string, name: string, payload?: unknown): Promise<EventAck> {
    if (!this.#socket) throw new Error('connect() first');
    const id = `${this.instance}-${this.#nextId++}`;
    return this.#socket.timeout(20_000).emitWithAck('core:event', { id, state, name, payload });
  }

  /** Reads one var as the page sees it. */
  get(state: string, name: string): unknown {
    return this.state?.[state]?.[name];
  }

  /** Asks for a fresh hydrate (the server's current state) and adopts it. */
  async resync(): Promise<void> {
    if (!this.#socket) throw new Error('connect() first');
    this.#hydrate(await this.#socket.timeout(10_000).emitWithAck('core:resync'));
  }

  /** What this page received lately, one line per message (for a failing test's message). */
  get received(): string {
    return this.#received.join('\n');
  }

  disconnect(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  #hydrate(message: HydrateMessage): void {
    // A hydrate read before an update already applied here (it overtook the hydrate between two
    // processes) is older than this page's state: keep the newer one.
    if (message.token === this.token && this.state && message.seq < this.seq) return;
    this.token = message.token;
    this.state = message.state;
    this.seq = message.seq;
    this.#shared = new Map(
      Object.entries(message.shared ?? {}).map(([source, shared]) => [
        source,
        { seq: shared.seq, states: shared.states },
      ]),
    );
  }

  #apply(update: PatchMessage): void {
    const applied = this.#seqOf(update.source);
    if (!this.state || applied === undefined || update.seq <= applied) return;
    if (update.seq !== applied + 1) {
      this.#socket?.emit('core:resync', (message: HydrateMessage) => this.#hydrate(message));
      return;
    }
    const shared = update.source === undefined ? undefined : this.#shared.get(update.source);
    // A shared document may hold states this tab does not show (another room's): only its own.
    const patches = shared
      ? (update.patches as readonly { path: readonly unknown[] }[]).filter((patch) =>
          shared.states.includes(String(patch.path[0])),
        )
      : update.patches;
    this.state = applyPatches(this.state, patches as never);
    if (shared) shared.seq = update.seq;
    else this.seq = update.seq;
  }

  /** The seq applied for `source` (the tab's own document when absent); undefined for one not shown. */
  #seqOf(source: string | undefined): number | undefined {
    return source === undefined ? this.seq : this.#shared.get(source)?.seq;
  }

  #note(line: string): void {
    this.#received.push(line);
    if (this.#received.length > 50) this.#received.shift();
  }
}
