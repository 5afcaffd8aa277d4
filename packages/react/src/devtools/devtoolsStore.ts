import type { InspectorRecord } from '@core/state/internal';
import {
  type DevtoolsAnswer,
  type DevtoolsAppTask,
  type DevtoolsConnection,
  type DevtoolsData,
  type DevtoolsTree,
  DevtoolsWireEvent,
} from '@core/state/protocol';
import type { ConnectionStatus } from '../coreClientOptions.js';
import { changedPaths } from './changedPaths.js';
import { EventTimeline } from './eventTimeline.js';

/** What the panel needs of a `CoreClient` (structural: the panel imports no client code). */
export interface DevtoolsClient {
  readonly token: string | undefined;
  getStatus(): ConnectionStatus;
  subscribe(listener: () => void): () => void;
  request<TAnswer>(name: string, message: unknown, timeout?: number): Promise<TAnswer>;
  listen(name: string, listener: (message: unknown) => void): () => void;
}

/** One second of the connection's traffic, for the sparkline. */
export interface TrafficSample {
  readonly in: number;
  readonly out: number;
}

/** What the panel renders. */
export interface DevtoolsSnapshot {
  readonly open: boolean;
  readonly paused: boolean;
  readonly filter: string;
  /** Panel height in CSS pixels. */
  readonly height: number;
  readonly timeline: EventTimeline;
  readonly tree: DevtoolsTree | undefined;
  /** Paths that changed with the last tree (`state.var`, deeper paths, and their ancestors). */
  readonly changed: ReadonlySet<string>;
  readonly connection: DevtoolsConnection | undefined;
  /** The app's app-lifetime tasks as the page's server process sees them. */
  readonly appTasks: readonly DevtoolsAppTask[];
  /** The last {@link TRAFFIC_SAMPLES} seconds, oldest first. */
  readonly traffic: readonly TrafficSample[];
  readonly status: ConnectionStatus | undefined;
  readonly token: string | undefined;
  /** Why the server refused to stream (a production server), if it did. */
  readonly refusal: string | undefined;
}

/** Seconds of traffic kept for the sparkline. */
export const TRAFFIC_SAMPLES = 60;
const OPEN_KEY = 'core:devtools:open';
const HEIGHT_KEY = 'core:devtools:height';
const DEFAULT_HEIGHT = 320;
/** Until the server says how many it keeps. */
const DEFAULT_MAX_EVENTS = 200;

/**
 * The panel's model: which client it shows, whether it is open (remembered in `localStorage`),
 * and the data the server streams while it is open — records folded into a bounded timeline, the
 * state tree with its last changed paths, the connection figures, the app tasks. Subscribed on the server only
 * while open, so a closed panel costs the server nothing. Paused, the snapshot stays as it was
 * while the data keeps arriving; resuming shows the latest.
 */
export class DevtoolsStore {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #listeners = new Set<() => void>();
  #client: DevtoolsClient | undefined;
  #detach: (() => void) | undefined;
  #subscribed = false;
  #live: Pick<DevtoolsSnapshot, 'timeline' | 'tree' | 'changed' | 'connection' | 'appTasks' | 'traffic'> = {
    timeline: new EventTimeline(DEFAULT_MAX_EVENTS),
    tree: undefined,
    changed: new Set(),
    connection: undefined,
    appTasks: [],
    traffic: [],
  };
  #snapshot: DevtoolsSnapshot;

  constructor(storage?: Pick<Storage, 'getItem' | 'setItem'>) {
    this.#storage = storage;
    const height = Number(storage?.getItem(HEIGHT_KEY));
    this.#snapshot = {
      ...this.#live,
      open: storage?.getItem(OPEN_KEY) === '1',
      paused: false,
      filter: '',
      height: Number.isFinite(height) && height >= 120 ? height : DEFAULT_HEIGHT,
      status: undefined,
      token: undefined,
      refusal: undefined,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): DevtoolsSnapshot => this.#snapshot;

  /** Shows `client` (the page's connection); the previous one is let go. */
  attach(client: DevtoolsClient): void {
    if (client === this.#client) return;
    this.#detach?.();
    this.#client = client;
    this.#subscribed = false;
    const stopData = client.listen(DevtoolsWireEvent.data, (message) => this.#receive(message as DevtoolsData));
    let wasConnected = false;
    const stopStatus = client.subscribe(() => {
      const connected = client.getStatus() === 'connected';
      // A new connection is a new socket on the server: subscribe again.
      if (connected && !wasConnected) this.#subscribed = false;
      wasConnected = connected;
      this.#sync();
    });
    this.#detach = () => {
      stopData();
      stopStatus();
    };
    this.#sync();
  }

  /** The client shown, if any. */
  get client(): DevtoolsClient | undefined {
    return this.#client;
  }

  setOpen(open: boolean): void {
    if (open === this.#snapshot.open) return;
    this.#storage?.setItem(OPEN_KEY, open ? '1' : '0');
    this.#update({ open });
    this.#sync();
  }

  toggle(): void {
    this.setOpen(!this.#snapshot.open);
  }

  setPaused(paused: boolean): void {
    this.#update({ paused, ...(paused ? {} : this.#live) });
  }

  /** Forgets the events shown (the tree and connection stay). */
  clear(): void {
    this.#live = { ...this.#live, timeline: this.#live.timeline.cleared() };
    this.#update({ timeline: this.#live.timeline });
  }

  setFilter(filter: string): void {
    this.#update({ filter });
  }

  setHeight(height: number): void {
    const clamped = Math.round(Math.max(120, height));
    this.#storage?.setItem(HEIGHT_KEY, String(clamped));
    this.#update({ height: clamped });
  }

  /** Subscribes on the server while open and connected; unsubscribes when closed. */
  #sync(): void {
    const client = this.#client;
    if (!client) return;
    const status = client.getStatus();
    if (status !== this.#snapshot.status || client.token !== this.#snapshot.token) {
      this.#update({ status, token: client.token });
    }
    const want = this.#snapshot.open && status === 'connected';
    if (want && !this.#subscribed) {
      this.#subscribed = true;
      client.request<DevtoolsAnswer>(DevtoolsWireEvent.request, { op: 'subscribe' }).then(
        (answer) => {
          if (answer.ok) {
            const timeline = new EventTimeline(answer.maxEvents, this.#live.timeline.entries).apply([]);
            this.#live = { ...this.#live, timeline };
            this.#update({ refusal: undefined, ...(this.#snapshot.paused ? {} : { timeline }) });
          } else {
            this.#update({ refusal: answer.error.message });
          }
        },
        () => {
          this.#subscribed = false;
        },
      );
    } else if (!this.#snapshot.open && this.#subscribed) {
      this.#subscribed = false;
      client.request(DevtoolsWireEvent.request, { op: 'unsubscribe' }).catch(() => undefined);
    }
  }

  #receive(data: DevtoolsData): void {
    const live = { ...this.#live };
    if (data.records) live.timeline = live.timeline.apply(data.records as InspectorRecord[]);
    if (data.tree) {
      const changed = live.tree ? changedPaths(live.tree.states, data.tree.states) : new Set<string>();
      // A tree re-sent without a change keeps the last change highlighted.
      if (changed.size > 0 || !live.tree) live.changed = changed;
      live.tree = data.tree;
    }
    if (data.appTasks) live.appTasks = data.appTasks;
    if (data.connection) {
      live.connection = data.connection;
      live.traffic = [
        ...live.traffic.slice(-(TRAFFIC_SAMPLES - 1)),
        { in: data.connection.bytesInPerSecond, out: data.connection.bytesOutPerSecond },
      ];
    }
    this.#live = live;
    if (!this.#snapshot.paused) this.#update(live);
  }

  #update(change: Partial<DevtoolsSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
  }
}
