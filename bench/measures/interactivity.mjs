// Measure 4: click p99 while 200 other tokens each run a background task updating at 20 Hz
// (4,000 updates/s streamed to 200 connected pages), against click p99 with those pages connected
// and idle. The clicking page, the 200 loaded pages and the server are three processes; idle and
// loaded phases alternate and their samples are pooled.
import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, closeAllClients, connectCore, connectMany, sequential } from '../lib/clients.mjs';
import { delay, percentiles } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const TOKENS = 200;

export default {
  id: 4,
  name: 'Click p99 with 200 tokens running 20 Hz background tasks',
  unit: 'µs',
  goal: 'ratio ≤ 3',
  async run() {
    return withChildren(async (spawn) => {
      const [server, load, clicker] = await Promise.all([
        spawn('m4-core-server', { profile: true }),
        spawn('m4-load-client'),
        spawn('m4-click-client'),
      ]);
      const { url } = await server.call(SERVERS, 'startCore', { states: ['counter', 'ticker'] });
      await Promise.all([
        load.call(SELF, 'connectLoad', { url, count: TOKENS }),
        clicker.call(SELF, 'connectClicker', { url }),
      ]);
      await clicker.call(SELF, 'clicks', { count: 500 }); // warm-up
      const idle = [];
      const loaded = [];
      let updatesPerSecond = 0;
      for (let round = 0; round < 2; round++) {
        idle.push(...(await clicker.call(SELF, 'clicks', { count: 1_000 })));
        await load.call(SELF, 'setRunning', { running: true });
        await delay(500); // let every task reach its steady rate
        const before = await load.call(SELF, 'received');
        const started = performance.now();
        loaded.push(...(await clicker.call(SELF, 'clicks', { count: 1_000 })));
        updatesPerSecond = ((await load.call(SELF, 'received')) - before) / ((performance.now() - started) / 1000);
        const tasks = await server.call(SERVERS, 'taskCount');
        if (tasks !== TOKENS) throw new Error(`expected ${TOKENS} background tasks, found ${tasks}`);
        await load.call(SELF, 'setRunning', { running: false });
        await delay(200);
      }
      await load.call(SELF, 'close');
      const a = percentiles(loaded);
      const b = percentiles(idle);
      return {
        value: a.p99 * 1000,
        baseline: b.p99 * 1000,
        ratio: a.p99 / b.p99,
        met: a.p99 / b.p99 <= 3,
        baselineName: 'idle click p99',
        details: { loaded: a, idle: b, updatesPerSecond },
      };
    });
  },
};

let pages = [];
let updates = 0;

/** Load process: `count` pages, each its own token. */
export async function connectLoad({ url, count }) {
  pages = await connectMany(count, () => connectCore(url));
  for (const page of pages) page.subscribe(() => (updates += 1));
}

/** Load process: starts (or stops) the background task of every page's token. */
export async function setRunning({ running }) {
  const name = running ? 'start' : 'stop';
  await Promise.all(pages.map((page) => page.dispatch({ state: 'ticker', name })));
}

/** Load process: updates received so far by all pages. */
export function received() {
  return updates;
}

/** Load process: disconnects every page. */
export function close() {
  closeAllClients();
}

let clicker;

/** Click process: one page that clicks. */
export async function connectClicker({ url }) {
  clicker = await connectCore(url);
}

/** Click process: `count` sequential clicks; their latencies in ms. */
export function clicks({ count }) {
  return sequential(count, () => clickCore(clicker, { state: 'counter', name: 'inc' }));
}
