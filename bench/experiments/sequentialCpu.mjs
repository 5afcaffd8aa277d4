// Experiment (issue 15): server CPU per event without batching effects. One page clicks in
// sequence (each event waits for its update), so every event costs the server one read and one
// write on both servers; the difference is what the framework adds per event. Blocks alternate
// between the core server and a bare socket.io server acking the same message.
//
//   node bench/experiments/sequentialCpu.mjs [--events 4000] [--blocks 6]
import { parseArgs } from 'node:util';
import { benchModule, isEntry, withChildren } from '../lib/children.mjs';
import { clickCore, connectCore, connectRaw, pingRaw, sequential } from '../lib/clients.mjs';
import { median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

if (isEntry(import.meta.url)) {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '4000' }, blocks: { type: 'string', default: '6' } },
  });
  const events = Number(values.events);
  await withChildren(async (spawn) => {
    const [core, raw, client] = await Promise.all([spawn('seq-core'), spawn('seq-raw'), spawn('seq-client')]);
    const [{ url: coreUrl }, { url: rawUrl }] = await Promise.all([
      core.call(SERVERS, 'startCore', { states: ['counter'] }),
      raw.call(SERVERS, 'startRaw'),
    ]);
    await client.call(SELF, 'connect', { coreUrl, rawUrl });
    const servers = { core, raw };
    const cpu = { core: [], raw: [] };
    for (const kind of ['core', 'raw']) await client.call(SELF, 'block', { kind, events: 1000 }, 120_000);
    for (let b = 0; b < Number(values.blocks); b++) {
      for (const kind of ['core', 'raw']) {
        const before = await servers[kind].call(SERVERS, 'cpuTime');
        await client.call(SELF, 'block', { kind, events }, 120_000);
        cpu[kind].push(((await servers[kind].call(SERVERS, 'cpuTime')) - before) / events);
      }
    }
    const c = median(cpu.core);
    const r = median(cpu.raw);
    console.log(
      `server CPU per sequential event: core ${c.toFixed(1)} µs, raw ${r.toFixed(1)} µs, ratio ${(c / r).toFixed(2)}`,
    );
    console.log(JSON.stringify(cpu));
  });
  process.exit(0);
}

let page;
let socket;

/** Client process: one page on the core server, one bare socket on the raw one. */
export async function connect({ coreUrl, rawUrl }) {
  page = await connectCore(coreUrl);
  socket = await connectRaw(rawUrl);
}

/** Client process: `events` sequential round trips against one server. */
export async function block({ kind, events }) {
  await sequential(events, kind === 'core' ? () => clickCore(page, inc) : () => pingRaw(socket));
}
