import type { ConnectAuth, EventAck, HydrateMessage, PatchMessage, ReplayMessage } from '@core/state/protocol';
import { io, type Socket } from 'socket.io-client';

/** A minimal page stand-in for server tests: connects, records what arrives, sends events. */
export interface TestClient {
  readonly socket: Socket;
  readonly hydrates: HydrateMessage[];
  readonly patches: PatchMessage[];
  readonly replays: ReplayMessage[];
  readonly errors: unknown[];
  /** Every raw frame payload the client received, for leak checks. */
  readonly frames: string[];
  firstHydrate: Promise<HydrateMessage>;
  send(message: unknown): Promise<EventAck>;
  close(): void;
}

/** Connects a socket.io client with the given auth (and handshake headers, e.g. a cookie); resolves once connected. */
export async function connectClient(
  url: string,
  auth: ConnectAuth = {},
  extraHeaders?: Record<string, string>,
): Promise<TestClient> {
  const socket = io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true, extraHeaders });
  const hydrates: HydrateMessage[] = [];
  const patches: PatchMessage[] = [];
  const replays: ReplayMessage[] = [];
  const errors: unknown[] = [];
  const frames: string[] = [];
  let resolveFirst!: (message: HydrateMessage) => void;
  const firstHydrate = new Promise<HydrateMessage>((resolve) => {
    resolveFirst = resolve;
  });
  socket.on('core:hydrate', (message: HydrateMessage) => {
    hydrates.push(message);
    resolveFirst(message);
  });
  socket.on('core:patch', (message: PatchMessage) => patches.push(message));
  socket.on('core:replay', (message: ReplayMessage) => replays.push(message));
  socket.on('core:error', (message: unknown) => errors.push(message));
  socket.io.engine?.on('packet', (packet: { data?: unknown }) => frames.push(String(packet.data)));
  socket.io.on('open', () =>
    socket.io.engine.on('packet', (packet: { data?: unknown }) => frames.push(String(packet.data))),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    hydrates,
    patches,
    replays,
    errors,
    frames,
    firstHydrate,
    send: (message) => socket.timeout(10_000).emitWithAck('core:event', message),
    close: () => socket.disconnect(),
  };
}
