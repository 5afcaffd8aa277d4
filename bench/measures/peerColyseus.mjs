// Measure 10: server CPU per event of the framework against a Colyseus 0.18 room doing the same
// change (one number goes up, the patch goes to the client), in the same run: 100 clients in a
// closed loop on each server, short rounds alternating between them, CPU time read from each
// server process around its rounds. Colyseus's dependencies live in bench/peers/ (installed on
// first use), not in the project's install.

import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, connectCore, connectMany } from '../lib/clients.mjs';
import { closedLoop } from '../lib/closedLoop.mjs';
import { ensurePeers, peerModule } from '../lib/peers.mjs';
import { delay, median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const PEER = peerModule('colyseusPeer.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };
const CLIENTS = 100;
const ROUNDS = 6;
const ROUND_MS = 1_500;
const GOAL = 1.5;

export default {
  id: 10,
  name: 'Server CPU per event against a Colyseus 0.18 room, 100 clients',
  unit: 'µs',
  goal: `ratio ≤ ${GOAL}`,
  async run() {
    ensurePeers();
    return withChildren(async (spawn) => {
      const [core, peer, client] = await Promise.all([
        spawn('m10-core-server', { profile: true }),
        spawn('m10-colyseus-server', { profile: true }),
        spawn('m10-client'),
      ]);
      const [{ url: coreUrl }, { url: peerUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['counter'] }),
        peer.call(PEER, 'startColyseus'),
      ]);
      await client.call(SELF, 'connectLoad', { coreUrl, peerUrl, clients: CLIENTS }, 120_000);
      const servers = { core, colyseus: peer };
      const cpuPerEvent = { core: [], colyseus: [] };
      const rates = { core: [], colyseus: [] };
      for (const kind of Object.keys(servers)) await client.call(SELF, 'round', { kind, ms: 500 }); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const [kind, server] of Object.entries(servers)) {
          const before = await server.call(SERVERS, 'cpuTime');
          const { rate, count } = await client.call(SELF, 'round', { kind, ms: ROUND_MS });
          cpuPerEvent[kind].push(((await server.call(SERVERS, 'cpuTime')) - before) / count);
          rates[kind].push(rate);
          await delay(100);
        }
      }
      await client.call(SELF, 'disconnect');
      const value = median(cpuPerEvent.core);
      const baseline = median(cpuPerEvent.colyseus);
      return {
        value,
        baseline,
        ratio: value / baseline,
        met: value / baseline <= GOAL,
        baselineName: 'Colyseus 0.18 room, one room per client, patch sent per message',
        secondary: {
          name: 'events/s',
          value: Math.max(...rates.core),
          baseline: Math.max(...rates.colyseus),
          ratio: Math.max(...rates.core) / Math.max(...rates.colyseus),
          unit: 'events/s',
        },
        details: { serverCpuPerEventUsRounds: cpuPerEvent, rates },
      };
    });
  },
};

let pages;

/** Client process: 100 pages on the core server, 100 Colyseus clients (a room each). */
export async function connectLoad({ coreUrl, peerUrl, clients }) {
  pages = await connectMany(clients, () => connectCore(coreUrl));
  const { connectColyseus } = await import(PEER);
  await connectColyseus({ url: peerUrl, count: clients });
}

/** Client process: one closed-loop round on one server. */
export async function round({ kind, ms }) {
  if (kind === 'core') return closedLoop(pages, (page) => clickCore(page, inc), ms);
  const { colyseusRooms, incColyseus } = await import(PEER);
  return closedLoop(colyseusRooms(), incColyseus, ms);
}

/** Client process: closes every connection. */
export async function disconnect() {
  for (const page of pages) page.close();
  const { leaveColyseus } = await import(PEER);
  await leaveColyseus();
}
