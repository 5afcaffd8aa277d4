// Client side of the bench, run inside a child process: pages stood in for by the real browser
// client (`CoreClient` of @core/react, which applies patches as a page does) and bare socket.io
// clients for the baselines. Everything connects over WebSocket to 127.0.0.1.
import { createCoreClient } from '@core/react';
import { io } from 'socket.io-client';

const opened = new Set();

/** Connects one page (its own tab, hence its own token); resolves once hydrated. */
export async function connectCore(url, { timeoutMs = 10_000 } = {}) {
  const store = new Map();
  const client = createCoreClient({
    url,
    storage: { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => store.set(key, value) },
  });
  opened.add(client);
  if (client.getState() === undefined) {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hydrate from ${url} within ${timeoutMs} ms`)), timeoutMs);
      const off = client.subscribe(() => {
        if (client.getState() === undefined) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }
  return client;
}

/**
 * One click: sends `event` and resolves with the milliseconds until the update it caused is
 * applied in the client (the patch whose seq follows the current one).
 */
export function clickCore(client, event) {
  const target = client.seq + 1;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const off = client.subscribe(() => {
      if (client.seq < target) return;
      off();
      resolve(performance.now() - started);
    });
    client.dispatch(event).catch((error) => {
      off();
      reject(error);
    });
  });
}

/**
 * Connects a bare socket.io client (with `auth`, and `beforeConnect(socket)` run before the
 * connection opens, e.g. to count frames from the first one); resolves once connected.
 * `socket.hydrated` settles with the first `core:hydrate` (listened to before connecting: it may
 * arrive with the connection).
 */
export async function connectRaw(url, { auth, beforeConnect } = {}) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth, autoConnect: false });
  socket.hydrated = new Promise((resolve) => socket.once('core:hydrate', resolve));
  opened.add(socket);
  beforeConnect?.(socket);
  socket.connect();
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

const pingMessage = { id: 'x', state: 'counter', name: 'inc' };

/** One raw acked round trip (same message shape as a core event); resolves with milliseconds. */
export function pingRaw(socket) {
  return new Promise((resolve) => {
    const started = performance.now();
    socket.emit('echo', pingMessage, () => resolve(performance.now() - started));
  });
}

/** A raw round trip that waits for an `update` message the server emits before its ack. */
export function updateRaw(socket) {
  return new Promise((resolve) => {
    const started = performance.now();
    socket.once('update', () => resolve(performance.now() - started));
    socket.emit('update', pingMessage, () => {});
  });
}

/** Runs `count` sequential round trips of `once()` and returns their latencies. */
export async function sequential(count, once) {
  const samples = new Array(count);
  for (let i = 0; i < count; i++) samples[i] = await once();
  return samples;
}

/** Connects `count` clients, `batch` at a time (a burst of 1,000 handshakes would time out). */
export async function connectMany(count, connect, batch = 50) {
  const clients = [];
  for (let i = 0; i < count; i += batch) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => connect()))));
  }
  return clients;
}

/** Closes every client this process opened. */
export function closeAllClients() {
  for (const client of opened) client.close();
  opened.clear();
}
