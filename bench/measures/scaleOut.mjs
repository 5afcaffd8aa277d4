// Measure 11: events per second with two server processes against one, on the same private Redis
// (state manager and socket.io adapter, as `core start` with REDIS_URL). The load generator is a
// process of its own: 100 pages clicking in a closed loop, all on process A, or half on A and half
// on B. Rounds alternate between the two layouts; the best round of each counts. Server CPU per
// event (summed over the processes that served) shows what a second process costs or saves.

import os from 'node:os';
import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, connectCore, connectMany } from '../lib/clients.mjs';
import { closedLoop } from '../lib/closedLoop.mjs';
import { startPrivateRedis } from '../lib/redisServer.mjs';
import { delay, median } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };
const ROUNDS = 6;
const ROUND_MS = 1_500;
const PAGES = 100;

export default {
  id: 11,
  name: 'Scale-out: events/s, two processes vs one, one Redis',
  unit: 'events/s',
  goal: 'ratio ≥ 0.9 (no loss; a gain needs spare cores)',
  async run() {
    const redis = await startPrivateRedis();
    if (!redis) throw new Error('redis-server is not installed (or set REDIS_SERVER_PATH)');
    try {
      return await withChildren(async (spawn) => {
        const [a, b, client] = await Promise.all([
          spawn('m9-server-a', { profile: true }),
          spawn('m9-server-b', { profile: true }),
          spawn('m9-client'),
        ]);
        const [{ url: urlA }, { url: urlB }] = await Promise.all([
          a.call(SERVERS, 'startCore', { states: ['counter'], redisUrl: redis.url, scaleOut: true }),
          b.call(SERVERS, 'startCore', { states: ['counter'], redisUrl: redis.url, scaleOut: true }),
        ]);
        await client.call(SELF, 'connectLoad', { urlA, urlB, pages: PAGES }, 60_000);
        const rates = { one: [], two: [] };
        const cpuPerEvent = { one: [], two: [] };
        for (const layout of ['one', 'two']) await client.call(SELF, 'round', { layout, ms: 500 }); // warm-up
        for (let round = 0; round < ROUNDS; round++) {
          for (const layout of ['one', 'two']) {
            const before = (await a.call(SERVERS, 'cpuTime')) + (await b.call(SERVERS, 'cpuTime'));
            const { rate, count } = await client.call(SELF, 'round', { layout, ms: ROUND_MS });
            const after = (await a.call(SERVERS, 'cpuTime')) + (await b.call(SERVERS, 'cpuTime'));
            rates[layout].push(rate);
            cpuPerEvent[layout].push((after - before) / count);
            await delay(100);
          }
        }
        await client.call(SELF, 'disconnect');
        const value = Math.max(...rates.two);
        const baseline = Math.max(...rates.one);
        return {
          value,
          baseline,
          ratio: value / baseline,
          met: value / baseline >= 0.9,
          baselineName: `one process, same Redis, ${PAGES} pages`,
          secondary: {
            name: 'server CPU/event',
            value: median(cpuPerEvent.two),
            baseline: median(cpuPerEvent.one),
            ratio: median(cpuPerEvent.two) / median(cpuPerEvent.one),
            unit: 'µs',
          },
          details: { cpus: os.cpus().length, rates, serverCpuPerEventUsRounds: cpuPerEvent },
        };
      });
    } finally {
      await redis.stop();
    }
  },
};

let onA;
let onB;

/** Client process: PAGES pages on A, and PAGES / 2 more on B (idle while the layout is "one"). */
export async function connectLoad({ urlA, urlB, pages }) {
  onA = await connectMany(pages, () => connectCore(urlA));
  onB = await connectMany(pages / 2, () => connectCore(urlB));
}

/** Client process: one round of closed-loop clicks, all pages on A, or half on A and half on B. */
export async function round({ layout, ms }) {
  const pages = layout === 'one' ? onA : [...onA.slice(0, onA.length / 2), ...onB];
  return closedLoop(pages, (page) => clickCore(page, inc), ms);
}

/** Client process: closes every page. */
export function disconnect() {
  for (const page of [...onA, ...onB]) page.close();
}
