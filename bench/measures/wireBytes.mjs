// Measure 3: bytes on the wire for one change in a 10,000-item list, against the whole-var delta
// that Reflex sends for the same change (a bare socket.io server emits it). Both are counted the
// same way in the client: every WebSocket frame the server sends between the event and its ack
// (ack included), with its frame header.
import { benchModule, withChildren } from '../lib/children.mjs';
import { closeAllClients, connectRaw } from '../lib/clients.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;

export default {
  id: 3,
  name: 'Bytes on the wire, one change in a 10,000-item list',
  unit: 'B',
  goal: 'ratio ≤ 0.001',
  async run() {
    return withChildren(async (spawn) => {
      const [core, raw, client] = await Promise.all([
        spawn('m3-core-server'),
        spawn('m3-raw-server'),
        spawn('m3-client'),
      ]);
      const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['list'] }),
        raw.call(SERVERS, 'startRaw', { mode: 'wholeVar' }),
      ]);
      const r = await client.call(SELF, 'clientWireBytes', { coreUrl, rawUrl }, 60_000);
      return {
        value: r.core.bytes,
        baseline: r.raw.bytes,
        ratio: r.core.bytes / r.raw.bytes,
        met: r.core.bytes / r.raw.bytes <= 0.001,
        baselineName: 'whole-var delta (Reflex)',
        details: r,
      };
    });
  },
};

/** Client process: one toggle on each server, counting the frames it caused. */
export async function clientWireBytes({ coreUrl, rawUrl }) {
  // The protocol spoken directly (no CoreClient) so that the frames can be counted.
  const coreSocket = await connectRaw(coreUrl);
  const hydrated = coreSocket.hydrated;
  const { seq } = await hydrated;
  const patched = new Promise((resolve) => coreSocket.once('core:patch', resolve));
  const core = await countFrames(coreSocket, (done) =>
    coreSocket.emit('core:event', { id: 'e1', state: 'list', name: 'toggle', payload: 5_000 }, done),
  );
  const patch = await patched;
  if (patch.seq !== seq + 1) throw new Error(`expected patch seq ${seq + 1}, got ${patch.seq}`);

  const rawSocket = await connectRaw(rawUrl);
  const delta = new Promise((resolve) => rawSocket.once('event', resolve));
  const raw = await countFrames(rawSocket, (done) => rawSocket.emit('toggle', 5_000, done));
  await delta;
  closeAllClients();
  return { core, raw, corePatch: JSON.stringify(patch) };
}

/** Sums the WebSocket frames (header + payload) received until `send`'s ack arrives. */
async function countFrames(socket, send) {
  const frames = [];
  const onPacket = (packet) => {
    if (packet.type !== 'message') return; // engine.io pings are not part of the update
    frames.push(frameBytes(1 + Buffer.byteLength(String(packet.data))));
  };
  socket.io.engine.on('packet', onPacket);
  await new Promise((resolve) => send(resolve));
  socket.io.engine.off('packet', onPacket);
  return { bytes: frames.reduce((a, b) => a + b, 0), frames };
}

/** A server→client WebSocket frame carrying `payload` bytes (unmasked text frame). */
function frameBytes(payload) {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}
