// Tries a change to the server before it is made: runs the built @core/server (A) and a local
// copy of its dist with the change (B) side by side — round trip p50/p99 of sequential clicks,
// events/s of 100 closed-loop clients and server CPU per event, alternating A and B.
//
//   cp -r packages/server/dist bench/.work/server-copy   # then edit bench/.work/server-copy/*.js
//   node bench/compare.mjs bench/.work/server-copy/index.js [--rounds 6]
//
// The copy must sit inside the repository so that its imports (@core/state, socket.io) resolve.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchModule, isEntry, withChildren } from './lib/children.mjs';
import { clickCore, connectCore, connectMany, sequential } from './lib/clients.mjs';
import { closedLoop } from './lib/closedLoop.mjs';
import { delay, median, percentiles } from './lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

if (isEntry(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: 'string', default: '6' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error('usage: node bench/compare.mjs <copy of packages/server/dist>/index.js [--rounds N]');
    process.exit(2);
  }
  const copy = pathToFileURL(path.resolve(positionals[0])).href;
  const rows = await compare(copy, Number(values.rounds));
  console.log(`\nA = built @core/server, B = ${positionals[0]}\n`);
  console.log('| figure | A | B | B / A |\n|---|---|---|---|');
  for (const [name, a, b, unit] of rows)
    console.log(`| ${name} | ${a.toFixed(1)} ${unit} | ${b.toFixed(1)} ${unit} | ${(b / a).toFixed(2)} |`);
  process.exit(0);
}

async function compare(copy, rounds) {
  return withChildren(async (spawn) => {
    const [a, b, client] = await Promise.all([spawn('cmp-a'), spawn('cmp-b'), spawn('cmp-client')]);
    const [{ url: urlA }, { url: urlB }] = await Promise.all([
      a.call(SERVERS, 'startCore', { states: ['counter'] }),
      b.call(SERVERS, 'startCore', { states: ['counter'], serverEntry: copy }),
    ]);
    const latency = await client.call(SELF, 'latencies', { urlA, urlB, blocks: 10, perBlock: 400 }, 180_000);
    await client.call(SELF, 'connectLoad', { urlA, urlB, clients: 100 }, 60_000);
    const servers = { A: a, B: b };
    const rates = { A: [], B: [] };
    const cpu = { A: [], B: [] };
    for (const side of ['A', 'B']) await client.call(SELF, 'round', { side, ms: 500 });
    for (let i = 0; i < rounds; i++) {
      for (const side of ['A', 'B']) {
        const before = await servers[side].call(SERVERS, 'cpuTime');
        const { rate, count } = await client.call(SELF, 'round', { side, ms: 1_500 });
        cpu[side].push(((await servers[side].call(SERVERS, 'cpuTime')) - before) / count);
        rates[side].push(rate);
        await delay(100);
      }
    }
    return [
      ['round trip p50', latency.A.p50 * 1000, latency.B.p50 * 1000, 'µs'],
      ['round trip p99', latency.A.p99 * 1000, latency.B.p99 * 1000, 'µs'],
      ['events/s, 100 clients (best round)', Math.max(...rates.A), Math.max(...rates.B), '/s'],
      ['server CPU per event (median round)', median(cpu.A), median(cpu.B), 'µs'],
    ];
  });
}

/** Client process: sequential clicks on A and B in alternating blocks. */
export async function latencies({ urlA, urlB, blocks, perBlock }) {
  const pageA = await connectCore(urlA);
  const pageB = await connectCore(urlB);
  await sequential(1_000, () => clickCore(pageA, inc));
  await sequential(1_000, () => clickCore(pageB, inc));
  const A = [];
  const B = [];
  for (let block = 0; block < blocks; block++) {
    A.push(...(await sequential(perBlock, () => clickCore(pageA, inc))));
    B.push(...(await sequential(perBlock, () => clickCore(pageB, inc))));
  }
  pageA.close();
  pageB.close();
  return { A: percentiles(A), B: percentiles(B) };
}

const load = {};

/** Client process: 100 pages on each server. */
export async function connectLoad({ urlA, urlB, clients }) {
  load.A = await connectMany(clients, () => connectCore(urlA));
  load.B = await connectMany(clients, () => connectCore(urlB));
}

/** Client process: one closed-loop round against one side. */
export function round({ side, ms }) {
  return closedLoop(load[side], (page) => clickCore(page, inc), ms);
}
