// Measure 1: event round trip (click → handler → patch applied in the client) against a raw
// socket.io acked round trip. Both servers run at once in their own processes; one client process
// alternates blocks between them so that machine noise hits both alike.
import { benchModule, withChildren } from '../lib/children.mjs';
import {
  clickCore,
  closeAllClients,
  connectCore,
  connectRaw,
  pingRaw,
  sequential,
  updateRaw,
} from '../lib/clients.mjs';
import { percentiles } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

export default {
  id: 1,
  name: 'Event round trip p50 / p99 (click → handler → patch applied)',
  unit: 'µs',
  goal: 'ratio p50 ≤ 1.3, p99 ≤ 2',
  async run() {
    return withChildren(async (spawn) => {
      const [core, raw, client] = await Promise.all([
        spawn('m1-core-server', { profile: true }),
        spawn('m1-raw-server', { profile: true }),
        spawn('m1-client', { profile: true }),
      ]);
      const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['counter'] }),
        raw.call(SERVERS, 'startRaw'),
      ]);
      const r = await client.call(SELF, 'clientRoundTrips', { coreUrl, rawUrl, blocks: 10, perBlock: 500 }, 180_000);
      const p50 = r.core.p50 / r.raw.p50;
      const p99 = r.core.p99 / r.raw.p99;
      return {
        value: r.core.p50 * 1000,
        baseline: r.raw.p50 * 1000,
        ratio: p50,
        met: p50 <= 1.3 && p99 <= 2,
        baselineName: 'raw socket.io acked emit',
        secondary: { name: 'p99', value: r.core.p99 * 1000, baseline: r.raw.p99 * 1000, ratio: p99 },
        // rawTwoFrames: a bare server that emits an update and then acks, as the framework does;
        // the part of the gap that is the transport's.
        details: { samples: r.core.n, core: r.core, raw: r.raw, rawTwoFrames: r.rawTwoFrames },
      };
    });
  },
};

/** Client process: sequential clicks and raw round trips in alternating blocks. */
export async function clientRoundTrips({ coreUrl, rawUrl, blocks, perBlock }) {
  const page = await connectCore(coreUrl);
  const socket = await connectRaw(rawUrl);
  await sequential(1_000, () => clickCore(page, inc)); // warm-up: JIT, buffers
  await sequential(1_000, () => pingRaw(socket));
  await sequential(1_000, () => updateRaw(socket));
  const core = [];
  const raw = [];
  const twoFrames = [];
  for (let block = 0; block < blocks; block++) {
    core.push(...(await sequential(perBlock, () => clickCore(page, inc))));
    raw.push(...(await sequential(perBlock, () => pingRaw(socket))));
    twoFrames.push(...(await sequential(perBlock, () => updateRaw(socket))));
  }
  closeAllClients();
  return { core: percentiles(core), raw: percentiles(raw), rawTwoFrames: percentiles(twoFrames) };
}
