// Experiment (issue 15): the same measures on two checkouts of this repository, in one run, to
// find which change moved the server's CPU per event. Each side's server and clients load that
// checkout's built packages (its own bench/lib), so the wire protocol always matches. Rounds
// alternate between the sides: sequential clicks of one page, then 100 pages in a closed loop;
// server CPU per event is read around each round.
//
//   git worktree add /tmp/old <rev> && (cd /tmp/old && npm ci && npm run build)
//   node bench/experiments/checkoutAB.mjs /tmp/old [. ] [--rounds 4]

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isEntry, withChildren } from '../lib/children.mjs';
import { closedLoop } from '../lib/closedLoop.mjs';

const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

if (isEntry(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: 'string', default: '4' } },
    allowPositionals: true,
  });
  const roots = { A: path.resolve(positionals[0]), B: path.resolve(positionals[1] ?? '.') };
  const lib = (side, file) => pathToFileURL(path.join(roots[side], 'bench/lib', file)).href;
  await withChildren(async (spawn) => {
    const side = {};
    for (const name of ['A', 'B']) {
      const [server, client] = await Promise.all([spawn(`ab-${name}-server`), spawn(`ab-${name}-client`)]);
      const { url } = await server.call(lib(name, 'servers.mjs'), 'startCore', { states: ['counter'] });
      await client.call(SELF, 'connect', { url, clientsModule: lib(name, 'clients.mjs'), pages: 100 }, 120_000);
      side[name] = { server, client, seq: [], loop: [], rates: [] };
    }
    const cpu = (name) => side[name].server.call(lib(name, 'servers.mjs'), 'cpuTime');
    for (const name of ['A', 'B']) await side[name].client.call(SELF, 'sequential', { count: 1000 }, 120_000);
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const name of ['A', 'B']) {
        const s = side[name];
        let before = await cpu(name);
        await s.client.call(SELF, 'sequential', { count: 2000 }, 120_000);
        s.seq.push(((await cpu(name)) - before) / 2000);
        before = await cpu(name);
        const { count, rate } = await s.client.call(SELF, 'loop', { ms: 1500 }, 120_000);
        s.loop.push(((await cpu(name)) - before) / count);
        s.rates.push(rate);
      }
    }
    const med = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    console.log(`A = ${roots.A}\nB = ${roots.B}\n`);
    console.log('| figure | A | B | B / A |\n|---|---|---|---|');
    for (const [label, key, pick] of [
      ['server CPU/event, sequential (µs)', 'seq', med],
      ['server CPU/event, 100 pages (µs)', 'loop', med],
      ['events/s, 100 pages (best)', 'rates', (l) => Math.max(...l)],
    ]) {
      const a = pick(side.A[key]);
      const b = pick(side.B[key]);
      console.log(`| ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)} |`);
    }
  });
  process.exit(0);
}

let clients;
let one;
let pages;

/** Client process: one page for sequential clicks and `pages` for the closed loop. */
export async function connect({ url, clientsModule, pages: count }) {
  clients = await import(clientsModule);
  one = await clients.connectCore(url);
  pages = await clients.connectMany(count, () => clients.connectCore(url));
}

/** Client process: `count` sequential clicks of one page. */
export async function sequential({ count }) {
  for (let i = 0; i < count; i++) await clients.clickCore(one, inc);
}

/** Client process: every page clicks again as soon as its update arrives, for `ms`. */
export function loop({ ms }) {
  return closedLoop(pages, (page) => clients.clickCore(page, inc), ms);
}
