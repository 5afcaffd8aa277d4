// Experiment (issue 15): where the server's time per event goes under measure 2's load, core
// against raw socket.io. Each server's CPU profile covers only the measured window (100 pages in
// a closed loop, after a warm-up), so connection setup does not blur it; busy time is divided by
// the events of the window and split by area (self time); --top N lists the N costliest functions
// too.
//
//   node bench/experiments/profileWindow.mjs [--ms 3000] [--top 40]

import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchModule, isEntry, withChildren } from '../lib/children.mjs';
import { clickCore, connectCore, connectMany, connectRaw, pingRaw } from '../lib/clients.mjs';
import { closedLoop } from '../lib/closedLoop.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

if (isEntry(import.meta.url)) {
  const { values } = parseArgs({
    options: { ms: { type: 'string', default: '3000' }, top: { type: 'string', default: '0' } },
  });
  await withChildren(async (spawn) => {
    const [core, raw, client] = await Promise.all([spawn('pw-core'), spawn('pw-raw'), spawn('pw-client')]);
    const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
      core.call(SERVERS, 'startCore', { states: ['counter'] }),
      raw.call(SERVERS, 'startRaw'),
    ]);
    await client.call(SELF, 'connectLoad', { coreUrl, rawUrl }, 120_000);
    for (const [kind, server] of [
      ['core', core],
      ['raw', raw],
    ]) {
      await client.call(SELF, 'round', { kind, ms: 1000 }, 120_000);
      await server.call(SELF, 'startProfile');
      const { count } = await client.call(SELF, 'round', { kind, ms: Number(values.ms) }, 120_000);
      const { areas, functions } = await server.call(SELF, 'stopProfile', { events: count });
      console.log(`\n${kind}: ${count} events; busy µs per event by area (self time)`);
      for (const [area, us] of areas) console.log(`${us.toFixed(2).padStart(8)}  ${area}`);
      if (Number(values.top) > 0) {
        console.log('  top functions:');
        for (const [name, us] of functions.slice(0, Number(values.top)))
          console.log(`${us.toFixed(2).padStart(8)}  ${name}`);
      }
    }
  });
  process.exit(0);
}

let session;

/** Server process: starts the CPU profiler. */
export async function startProfile() {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}

/** Server process: stops it; busy µs per event by area, largest first. */
export async function stopProfile({ events }) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const areas = new Map();
  const functions = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const { callFrame } = byId.get(profile.samples[i]);
    if (callFrame.functionName === '(idle)') continue;
    const area = areaOf(callFrame);
    const us = profile.timeDeltas[i] ?? 0;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const name = `${callFrame.functionName || '(anonymous)'} ${area}${callFrame.url ? `/${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const total = [...areas.values()].reduce((a, b) => a + b, 0);
  areas.set('TOTAL busy', total);
  const perEvent = (map) => [...map].map(([name, us]) => [name, us / events]).sort((a, b) => b[1] - a[1]);
  return { areas: perEvent(areas), functions: perEvent(functions) };
}

function areaOf({ url, functionName }) {
  if (!url)
    return functionName === 'writev' || functionName === 'writeUtf8String'
      ? `syscall ${functionName}`
      : `native ${functionName}`;
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1];
  const workspace = url.match(/packages\/([^/]+)\/dist\/(.+)$/);
  if (workspace) return `@core/${workspace[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return path.basename(url);
}

let pages;
let sockets;

/** Client process: 100 pages on the core server, 100 sockets on the bare one. */
export async function connectLoad({ coreUrl, rawUrl }) {
  pages = await connectMany(100, () => connectCore(coreUrl));
  sockets = await connectMany(100, () => connectRaw(rawUrl));
}

/** Client process: every connection of `kind` repeats its round trip for `ms`. */
export async function round({ kind, ms }) {
  const connections = kind === 'core' ? pages : sockets;
  const once = kind === 'core' ? (page) => clickCore(page, inc) : pingRaw;
  return closedLoop(connections, once, ms);
}
