// Measure 12: one app-wide change fanned out to 1,000 connected pages (an `app`-scoped state), time
// until the last page has it and the server's CPU for it, against socket.io broadcasting a message
// of the same bytes to a room of 1,000 bare sockets. Pages are raw sockets speaking the protocol,
// so the client process is not the bottleneck.
import { benchModule, withChildren } from '../lib/children.mjs';
import { closeAllClients, connectMany, connectRaw } from '../lib/clients.mjs';
import { median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const PAGES = 1_000;
const ROUNDS = 7;

export default {
  id: 12,
  name: 'One app-wide change fanned out to 1,000 pages',
  unit: 'ms',
  goal: 'ratio ≤ 2 (time to the last page)',
  async run() {
    return withChildren(async (spawn) => {
      const [core, raw, client] = await Promise.all([
        spawn('m12-core-server'),
        spawn('m12-raw-server'),
        spawn('m12-client'),
      ]);
      const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
        core.call(SERVERS, 'startCore', { states: ['broadcast'] }),
        raw.call(SERVERS, 'startRaw', {}),
      ]);
      await client.call(SELF, 'connectPages', { coreUrl, rawUrl }, 240_000);
      const rounds = [];
      for (let i = 0; i < ROUNDS; i++) {
        const coreCpu = await core.call(SERVERS, 'cpuTime');
        const coreMs = await client.call(SELF, 'coreRound', {}, 60_000);
        const coreCpuUs = (await core.call(SERVERS, 'cpuTime')) - coreCpu;
        const rawCpu = await raw.call(SERVERS, 'cpuTime');
        const rawMs = await client.call(SELF, 'rawRound', {}, 60_000);
        const rawCpuUs = (await raw.call(SERVERS, 'cpuTime')) - rawCpu;
        rounds.push({ coreMs, rawMs, coreCpuUs, rawCpuUs });
      }
      await client.call(SELF, 'closePages', {});
      const value = median(rounds.map((r) => r.coreMs));
      const baseline = median(rounds.map((r) => r.rawMs));
      const cpu = median(rounds.map((r) => r.coreCpuUs));
      const rawCpu = median(rounds.map((r) => r.rawCpuUs));
      return {
        value,
        baseline,
        ratio: value / baseline,
        met: value / baseline <= 2,
        baselineName: 'socket.io room broadcast of the same bytes',
        secondary: { name: 'server CPU ms', value: cpu / 1_000, baseline: rawCpu / 1_000, ratio: cpu / rawCpu },
        details: { pages: PAGES, rounds },
      };
    });
  },
};

let corePages = [];
let rawPages = [];
let patchBytes = '';

/** Client process: 1,000 hydrated pages on the core server, 1,000 bare sockets on the raw one. */
export async function connectPages({ coreUrl, rawUrl }) {
  corePages = await connectMany(PAGES, async () => {
    const socket = await connectRaw(coreUrl);
    await socket.hydrated;
    return socket;
  });
  rawPages = await connectMany(PAGES, () => connectRaw(rawUrl));
}

/** Waits until every socket in `sockets` received one `name` message; resolves with the ms it took. */
function lastArrival(sockets, name, send) {
  return new Promise((resolve) => {
    let left = sockets.length;
    const started = performance.now();
    for (const socket of sockets) {
      socket.once(name, (message) => {
        if (name === 'core:patch') patchBytes = JSON.stringify(message);
        left -= 1;
        if (left === 0) resolve(performance.now() - started);
      });
    }
    send();
  });
}

/** One app-wide change made by the first page; every page receives the patch. */
export function coreRound() {
  return lastArrival(corePages, 'core:patch', () =>
    corePages[0].emit('core:event', { id: `b${Math.random()}`, state: 'broadcast', name: 'bump' }, () => {}),
  );
}

/** The baseline: the raw server broadcasts a message of the patch's size to its room. */
export function rawRound() {
  const message = JSON.parse(patchBytes || '{"seq":1,"patches":[]}');
  return lastArrival(rawPages, 'update', () => rawPages[0].emit('broadcast', message, () => {}));
}

export function closePages() {
  closeAllClients();
  corePages = [];
  rawPages = [];
}
