// Measure 10's peer: a Colyseus 0.18 room doing the bench's change (one number goes up per
// message) and a client that waits for the patch, as a page of the framework does per click.
// Lives in bench/peers/ so that its dependencies (bench/peers/package.json) stay out of the
// project's install; `ensurePeers()` in bench/lib/peers.mjs installs them on first use.
import { createServer } from 'node:net';
import { Room, Server } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
import { Client } from '@colyseus/sdk';
import { WebSocketTransport } from '@colyseus/ws-transport';

const CounterState = schema({ n: t.number() });

/**
 * One room per client (the framework keeps one state per tab). No patch timer: each message's
 * change is sent at once with `broadcastPatch()`, as the framework sends each event's patch.
 */
class CounterRoom extends Room {
  onCreate() {
    this.setState(new CounterState());
    this.state.n = 0;
    this.patchRate = null;
    this.maxClients = 1;
    this.onMessage('inc', () => {
      this.state.n += 1;
      this.broadcastPatch();
    });
  }
}

let server;

/** Server process: a Colyseus server on 127.0.0.1 (WebSocket transport), one room type. */
export async function startColyseus() {
  const port = await freePort();
  server = new Server({ transport: new WebSocketTransport(), greet: false });
  server.define('counter', CounterRoom);
  await server.listen(port, '127.0.0.1');
  return { url: `ws://127.0.0.1:${port}`, pid: process.pid };
}

const rooms = [];

/** Client process: `count` clients, each in a room of its own. */
export async function connectColyseus({ url, count }) {
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, async () => {
      const client = new Client(url);
      const room = await client.create('counter');
      await new Promise((resolve) => {
        if (room.state?.n !== undefined) resolve();
        else room.onStateChange.once(() => resolve());
      });
      return room;
    });
    rooms.push(...(await Promise.all(batch)));
  }
  return rooms.length;
}

/** One round trip: send `inc`, resolve when the room's state shows it. */
export function incColyseus(room) {
  const target = room.state.n + 1;
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (room.state.n < target) return;
      room.onStateChange.remove(check);
      resolve(performance.now() - started);
    };
    room.onStateChange(check);
    room.send('inc');
  });
}

/** The rooms this client process joined. */
export function colyseusRooms() {
  return rooms;
}

/** Client process: leaves every room. */
export async function leaveColyseus() {
  await Promise.all(rooms.splice(0).map((room) => room.leave().catch(() => {})));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
