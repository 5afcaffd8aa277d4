// Experiment (issue 15): what socket.io's msgpack parser saves per round trip on the transport.
// Two bare socket.io servers (default JSON parser / socket.io-msgpack-parser), each answering an
// event with one patch-shaped message (the framework's one frame per event); 100 clients each in
// a closed loop, rounds alternating; server CPU per round trip. The parser is installed outside
// the repository (it is not a dependency of anything here):
//   npm install --prefix /tmp/mp socket.io-msgpack-parser@3.0.2
//   node bench/experiments/parserAB.mjs /tmp/mp/node_modules/socket.io-msgpack-parser/index.js
import { createServer } from 'node:http';
import { benchModule, withChildren } from '../lib/children.mjs';
import { delay, median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const PARSER = process.argv[2] ?? '/tmp/mp/node_modules/socket.io-msgpack-parser/index.js';

/** The parser module (its path comes from the parent: children have no argv of their own). */
async function parserOf(kind, path) {
  if (kind !== 'msgpack') return undefined;
  return (await import(path)).default;
}

export async function startServer({ kind, parserPath }) {
  const { Server } = await import('socket.io');
  const http = createServer();
  const parser = await parserOf(kind, parserPath);
  const io = new Server(http, { transports: ['websocket'], serveClient: false, ...(parser ? { parser } : {}) });
  io.on('connection', (socket) => {
    let seq = 0;
    socket.on('core:event', (m) => {
      seq += 1;
      socket.emit('core:patch', {
        seq,
        patches: [{ op: 'replace', path: ['counter', 'n'], value: seq }],
        eventId: m.id,
      });
    });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${http.address().port}` };
}

const sockets = {};
export async function connect({ kind, url, count, parserPath }) {
  const { io } = await import('socket.io-client');
  const parser = await parserOf(kind, parserPath);
  sockets[kind] = await Promise.all(
    Array.from({ length: count }, async () => {
      const s = io(url, { transports: ['websocket'], forceNew: true, ...(parser ? { parser } : {}) });
      await new Promise((r) => s.once('connect', r));
      return s;
    }),
  );
}

export async function round({ kind, ms }) {
  let count = 0;
  const deadline = performance.now() + ms;
  let n = 0;
  await Promise.all(
    sockets[kind].map(async (s) => {
      while (performance.now() < deadline) {
        await new Promise((r) => {
          s.once('core:patch', r);
          s.emit('core:event', { id: `p-${(n++).toString(36)}`, state: 'counter', name: 'inc' });
        });
        count += 1;
      }
    }),
  );
  return { count };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const result = await withChildren(async (spawn) => {
    const [json, msgpack, client] = await Promise.all([spawn('p-json'), spawn('p-msgpack'), spawn('p-client')]);
    const servers = { json, msgpack };
    for (const [kind, server] of Object.entries(servers)) {
      const { url } = await server.call(SELF, 'startServer', { kind, parserPath: PARSER });
      await client.call(SELF, 'connect', { kind, url, count: 100, parserPath: PARSER });
    }
    const cpu = { json: [], msgpack: [] };
    for (const kind of Object.keys(servers)) await client.call(SELF, 'round', { kind, ms: 500 });
    for (let i = 0; i < 6; i++) {
      for (const [kind, server] of Object.entries(servers)) {
        const before = await server.call(SERVERS, 'cpuTime');
        const { count } = await client.call(SELF, 'round', { kind, ms: 1500 });
        cpu[kind].push(((await server.call(SERVERS, 'cpuTime')) - before) / count);
        await delay(100);
      }
    }
    return { json: median(cpu.json), msgpack: median(cpu.msgpack), cpu };
  });
  console.log(JSON.stringify(result));
  process.exit(0);
}
