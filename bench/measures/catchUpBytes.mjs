// Measure 9: what a page that missed one change costs to bring back, in a state holding a
// 10,000-item list: the frames it receives on reconnecting when it says which update it applied
// last (the server replays the missed patch from its log), against the frames of the full hydrate
// it gets when it says nothing (what every reconnect cost before). Same server, same token.
import { benchModule, withChildren } from '../lib/children.mjs';
import { closeAllClients, connectRaw } from '../lib/clients.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const GOAL = 0.01;

export default {
  id: 9,
  name: 'Bytes to catch up after missing one change, 10,000-item state',
  unit: 'B',
  goal: `ratio ≤ ${GOAL}`,
  async run() {
    return withChildren(async (spawn) => {
      const [core, client] = await Promise.all([spawn('m9-core-server'), spawn('m9-client')]);
      const { url } = await core.call(SERVERS, 'startCore', { states: ['list'] });
      const r = await client.call(SELF, 'clientCatchUp', { url }, 60_000);
      return {
        value: r.replay.bytes,
        baseline: r.hydrate.bytes,
        ratio: r.replay.bytes / r.hydrate.bytes,
        met: r.replay.bytes / r.hydrate.bytes <= GOAL,
        baselineName: 'full hydrate on reconnect',
        details: r,
      };
    });
  },
};

const INSTANCE = 'bench-page';

/** Client process: one page, a change it misses, then both ways of coming back. */
export async function clientCatchUp({ url }) {
  const [first, { token }] = await connectHydrated(url, { instance: INSTANCE });
  const patched = once(first, 'core:patch');
  first.emit('core:event', { id: `${INSTANCE}-0`, state: 'list', name: 'toggle', payload: 1 });
  const applied = await patched; // the page stands here: { seq, epoch }
  first.disconnect();

  // The change it misses, made while it is away (another connection of the same page).
  const [away] = await connectHydrated(url, { token, instance: INSTANCE });
  const missed = once(away, 'core:patch');
  away.emit('core:event', { id: `${INSTANCE}-1`, state: 'list', name: 'toggle', payload: 2 });
  await missed;
  away.disconnect();

  const replay = await catchUp(
    url,
    { token, instance: INSTANCE, seq: applied.seq, epoch: applied.epoch },
    'core:replay',
  );
  if (replay.message.updates.length !== 1 || replay.message.updates[0].seq !== applied.seq + 1) {
    throw new Error(`expected one replayed update after seq ${applied.seq}, got ${JSON.stringify(replay.message)}`);
  }
  const hydrate = await catchUp(url, { token, instance: INSTANCE }, 'core:hydrate');
  closeAllClients();
  return {
    replay: { bytes: replay.bytes, frames: replay.frames, message: JSON.stringify(replay.message) },
    hydrate: { bytes: hydrate.bytes, frames: hydrate.frames },
  };
}

/** Reconnects with `auth` and sums the frames received until the `expected` message. */
async function catchUp(url, auth, expected) {
  const frames = [];
  const other = expected === 'core:replay' ? 'core:hydrate' : 'core:replay';
  let arrived;
  // Listeners go on before the connection opens: the answer can come in the same read as the
  // handshake, before connectRaw's promise resolves.
  const socket = await connectRaw(url, {
    auth,
    beforeConnect: (s) => {
      arrived = new Promise((resolve, reject) => {
        s.once(expected, resolve);
        s.once(other, () => reject(new Error(`got ${other} instead of ${expected}`)));
      });
      s.io.on('open', () =>
        s.io.engine.on('packet', (packet) => {
          if (packet.type === 'message') frames.push(frameBytes(1 + Buffer.byteLength(String(packet.data))));
        }),
      );
    },
  });
  const message = await arrived;
  socket.disconnect();
  return { bytes: frames.reduce((a, b) => a + b, 0), frames, message };
}

/** Connects with `auth` and resolves with the socket and its hydrate (listening from the start). */
async function connectHydrated(url, auth) {
  let hydrated;
  const socket = await connectRaw(url, {
    auth,
    beforeConnect: (s) => {
      hydrated = once(s, 'core:hydrate');
    },
  });
  return [socket, await hydrated];
}

function once(socket, event) {
  return new Promise((resolve) => socket.once(event, resolve));
}

/** A server→client WebSocket frame carrying `payload` bytes (unmasked text frame). */
function frameBytes(payload) {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}
