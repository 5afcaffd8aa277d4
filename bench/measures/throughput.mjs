// Measure 2: events per second with 100 concurrent clients (each clicks again as soon as its
// update arrives) against 100 raw socket.io clients doing acked round trips. Rounds alternate
// between the two servers; the best round of each counts (noise only ever slows a round down).
import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, closeAllClients, connectCore, connectMany, connectRaw, pingRaw } from '../lib/clients.mjs';
import { delay } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

export default {
  id: 2,
  name: 'Events per second, 100 concurrent clients',
  unit: 'events/s',
  goal: 'ratio ≥ 0.6',
  async run() {
    return withChildren(async (spawn) => {
      const [core, raw, client] = await Promise.all([
        spawn('m2-core-server', { profile: true }),
        spawn('m2-raw-server'),
        spawn('m2-client'),
      ]);
      const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['counter'] }),
        raw.call(SERVERS, 'startRaw'),
      ]);
      const cpuBefore = await Promise.all([core.call(SERVERS, 'cpuTime'), raw.call(SERVERS, 'cpuTime')]);
      const r = await client.call(
        SELF,
        'clientThroughput',
        { coreUrl, rawUrl, clients: 100, rounds: 3, roundMs: 2_000 },
        180_000,
      );
      const cpuAfter = await Promise.all([core.call(SERVERS, 'cpuTime'), raw.call(SERVERS, 'cpuTime')]);
      const value = Math.max(...r.core);
      const baseline = Math.max(...r.raw);
      // Server CPU per event over the whole client run (each server idles while the other works).
      const cpuPerEvent = {
        core: (cpuAfter[0] - cpuBefore[0]) / r.count.core,
        raw: (cpuAfter[1] - cpuBefore[1]) / r.count.raw,
      };
      return {
        value,
        baseline,
        ratio: value / baseline,
        met: value / baseline >= 0.6,
        baselineName: 'raw socket.io acked emits, 100 clients',
        details: { rounds: { core: r.core, raw: r.raw }, serverCpuPerEventUs: cpuPerEvent },
      };
    });
  },
};

/** Client process: closed-loop load from `clients` connections per server, alternating rounds. */
export async function clientThroughput({ coreUrl, rawUrl, clients, rounds, roundMs }) {
  const pages = await connectMany(clients, () => connectCore(coreUrl));
  const sockets = await connectMany(clients, () => connectRaw(rawUrl));
  const result = { core: [], raw: [], count: { core: 0, raw: 0 } };
  const coreRound = async (ms) => {
    const { rate, count } = await closedLoop(pages, (page) => clickCore(page, inc), ms);
    result.count.core += count;
    return rate;
  };
  const rawRound = async (ms) => {
    const { rate, count } = await closedLoop(sockets, (socket) => pingRaw(socket), ms);
    result.count.raw += count;
    return rate;
  };
  await coreRound(500); // warm-up
  await rawRound(500);
  for (let round = 0; round < rounds; round++) {
    result.core.push(await coreRound(roundMs));
    await delay(100);
    result.raw.push(await rawRound(roundMs));
    await delay(100);
  }
  closeAllClients();
  return result;
}

/** Every connection repeats `once` back to back for `durationMs`; returns completions and their rate. */
async function closedLoop(connections, once, durationMs) {
  let done = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < deadline) {
        await once(connection);
        done += 1;
      }
    }),
  );
  return { rate: done / ((performance.now() - started) / 1000), count: done };
}
