// Measure 2: events per second with 100 concurrent clients (each clicks again as soon as its
// update arrives) against 100 raw socket.io clients doing acked round trips. Short rounds
// alternate between the servers and the best round of each counts (noise only ever slows a round
// down). Server CPU time per event is read around every round: the figure that noise moves least.

import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, connectCore, connectMany, connectRaw, pingRaw, updateRaw } from '../lib/clients.mjs';
import { closedLoop } from '../lib/closedLoop.mjs';
import { delay, median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };
const ROUNDS = 6;
const ROUND_MS = 1_500;

export default {
  id: 2,
  name: 'Events per second, 100 concurrent clients',
  unit: 'events/s',
  goal: 'ratio ≥ 0.6',
  async run() {
    return withChildren(async (spawn) => {
      const [core, raw, client] = await Promise.all([
        spawn('m2-core-server', { profile: true }),
        spawn('m2-raw-server', { profile: true }),
        spawn('m2-client', { profile: true }),
      ]);
      const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['counter'] }),
        raw.call(SERVERS, 'startRaw'),
      ]);
      await client.call(SELF, 'connectLoad', { coreUrl, rawUrl, clients: 100 }, 60_000);
      // rawTwoFrames: the bare server emits an update and then acks, as the framework does per
      // event; it shows how much of the gap is the transport's.
      const servers = { core, raw, rawTwoFrames: raw };
      const rates = { core: [], raw: [], rawTwoFrames: [] };
      const cpuPerEvent = { core: [], raw: [], rawTwoFrames: [] };
      const clientCpuPerEvent = { core: [], raw: [], rawTwoFrames: [] };
      for (const kind of Object.keys(servers)) await client.call(SELF, 'round', { kind, ms: 500 }); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const [kind, server] of Object.entries(servers)) {
          const before = await server.call(SERVERS, 'cpuTime');
          const clientBefore = await client.call(SERVERS, 'cpuTime');
          const { rate, count } = await client.call(SELF, 'round', { kind, ms: ROUND_MS });
          cpuPerEvent[kind].push(((await server.call(SERVERS, 'cpuTime')) - before) / count);
          clientCpuPerEvent[kind].push(((await client.call(SERVERS, 'cpuTime')) - clientBefore) / count);
          rates[kind].push(rate);
          await delay(100);
        }
      }
      await client.call(SELF, 'disconnect');
      const value = Math.max(...rates.core);
      const baseline = Math.max(...rates.raw);
      const medians = (byKind) =>
        Object.fromEntries(Object.entries(byKind).map(([kind, list]) => [kind, median(list)]));
      const cpu = medians(cpuPerEvent);
      return {
        value,
        baseline,
        ratio: value / baseline,
        met: value / baseline >= 0.6,
        baselineName: 'raw socket.io acked emits, 100 clients',
        secondary: {
          name: 'server CPU/event',
          value: cpu.core,
          baseline: cpu.raw,
          ratio: cpu.core / cpu.raw,
          unit: 'µs',
        },
        details: {
          rates,
          serverCpuPerEventUs: cpu,
          clientCpuPerEventUs: medians(clientCpuPerEvent),
          serverCpuPerEventUsRounds: cpuPerEvent,
        },
      };
    });
  },
};

let pages;
let sockets;

/** Client process: 100 pages on the core server, 100 sockets on the bare one. */
export async function connectLoad({ coreUrl, rawUrl, clients }) {
  pages = await connectMany(clients, () => connectCore(coreUrl));
  sockets = await connectMany(clients, () => connectRaw(rawUrl));
}

/** Client process: one round of closed-loop load of one kind; completions and their rate. */
export function round({ kind, ms }) {
  if (kind === 'core') return closedLoop(pages, (page) => clickCore(page, inc), ms);
  if (kind === 'raw') return closedLoop(sockets, pingRaw, ms);
  return closedLoop(sockets, updateRaw, ms);
}

/** Client process: closes every connection. */
export function disconnect() {
  for (const connection of [...pages, ...sockets]) connection.close();
}
