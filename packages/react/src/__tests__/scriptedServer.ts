import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreClient, type CoreClientOptions } from '@core/react';
import type { EventMessage, HydrateMessage, StorageBinding } from '@core/state/protocol';
import { Server, type Socket } from 'socket.io';

/** A socket.io server speaking the wire protocol as a test scripts it: the client's counterpart. */
export interface ScriptedServer {
  url: string;
  /** The HTTP server socket.io runs on (a test may answer other requests on it). */
  http: import('node:http').Server;
  sockets: Socket[];
  events: EventMessage[];
  resyncs: number;
  /** Handshakes still to refuse in middleware, as a server whose store is down does. */
  refuse: number;
  /** Answers an event; the default acks it with `core:ack`. */
  onEvent: (message: EventMessage, socket: Socket) => void;
  /** Called for each new socket before its hydrate is sent (to listen to what the page sends). */
  onConnect: (socket: Socket) => void;
  /** What a connection (or a resync) gets. */
  hydrate: (socket: Socket) => HydrateMessage;
  /** Sends one update with the next `seq` to every socket (`eventId`: the event it ends). */
  patch(patches: unknown[], eventId?: string): void;
  close(): Promise<void>;
}

/** Starts a scripted server whose pages hydrate from `state` (seq 0). */
export async function scriptedServer(
  state: Record<string, Record<string, unknown>> = { s: { n: 0, list: [1] } },
): Promise<ScriptedServer> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  let seq = 0;
  const scripted: ScriptedServer = {
    url: '',
    http,
    sockets: [],
    events: [],
    resyncs: 0,
    refuse: 0,
    onEvent: (message, socket) => socket.emit('core:ack', { id: message.id, ok: true }),
    onConnect: () => {},
    hydrate: () => ({ token: 'tok', seq: 0, state }),
    patch(patches, eventId) {
      seq += 1;
      for (const socket of scripted.sockets) socket.emit('core:patch', { seq, patches, eventId });
    },
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
  io.use((_socket, next) => {
    if (scripted.refuse <= 0) return next();
    scripted.refuse -= 1;
    next(new Error('The state store is unavailable; try again in a moment.'));
  });
  io.on('connection', (socket) => {
    scripted.sockets.push(socket);
    scripted.onConnect(socket);
    socket.on('core:event', (message: EventMessage) => {
      scripted.events.push(message);
      scripted.onEvent(message, socket);
    });
    // Answered with a hydrate, also when the page says where it stands (it could take a replay).
    socket.on('core:resync', (...args: unknown[]) => {
      scripted.resyncs += 1;
      (args.at(-1) as (message: HydrateMessage) => void)(scripted.hydrate(socket));
    });
    socket.emit('core:hydrate', scripted.hydrate(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  scripted.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return scripted;
}

/** A `sessionStorage` stand-in. */
export function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

/** A synced `localStorage` var `theme` of state `s` (string, not JSON): the storage tests' binding. */
export const themeBinding: StorageBinding = {
  key: 'local:theme',
  state: 's',
  var: 'theme',
  kind: 'local',
  name: 'theme',
  json: false,
  sync: true,
};

/**
 * Scripted servers and clients a test opens, closed by `closeAll` (newest first; call it in
 * `afterEach`).
 */
export function openedInTests() {
  const opened: { close(): Promise<void> | void }[] = [];
  return {
    /** Starts a scripted server (see {@link scriptedServer}). */
    async start(state?: Record<string, Record<string, unknown>>): Promise<ScriptedServer> {
      const server = await scriptedServer(state);
      opened.push(server);
      return server;
    },
    /** A client of `url` with its token in memory. */
    connect(url: string, options: CoreClientOptions = {}): CoreClient {
      const client = new CoreClient({ url, storage: memoryStorage(), ...options });
      opened.push({ close: () => client.close() });
      return client;
    },
    async closeAll(): Promise<void> {
      for (const item of opened.splice(0).reverse()) await item.close();
    },
  };
}
