import type { EventAck, HydrateMessage, PatchMessage } from '@core/state/protocol';
import { applyPatches, enablePatches } from 'immer';
import { io, type Socket } from 'socket.io-client';

enablePatches();

/**
 * A page stand-in speaking the wire protocol from Node: keeps its token and instance, applies
 * patches in seq order (resyncing on a gap, as the browser client does) and can move to another
 * server process, keeping its token. Many of these are cheaper than many browser pages.
 */
export class SocketPage {
  readonly instance = `page-${Math.random().toString(36).slice(2)}`;
  token: string | undefined;
  state: Record<string, Record<string, unknown>> | undefined;
  seq = 0;
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
    socket.on('core:probe', (ack: (instance: string) => void) => ack(this.instance));
    socket.on('core:patch', (update: PatchMessage) => this.#apply(update));
    await new Promise<void>((resolve, reject) => {
      socket.once('core:hydrate', (message: HydrateMessage) => {
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
  }

  #apply(update: PatchMessage): void {
    if (!this.state || update.seq <= this.seq) return;
    if (update.seq !== this.seq + 1) {
      this.#socket?.emit('core:resync', (message: HydrateMessage) => this.#hydrate(message));
      return;
    }
    this.state = applyPatches(this.state, update.patches as never);
    this.seq = update.seq;
  }
}
