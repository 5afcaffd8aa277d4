// Measure 5: server memory per idle connected tab (1,000 pages connected and hydrated) against a
// raw socket.io connection. Each server runs in a fresh process with --expose-gc; memory is read
// after full collections before and after the 1,000 connections (a few warm-up connections first,
// so that one-off costs such as compiled code do not count per tab).
import { benchModule, withChildren } from '../lib/children.mjs';
import { closeAllClients, connectCore, connectMany, connectRaw } from '../lib/clients.mjs';
import { delay } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const TABS = 1_000;
const KB = 1024;

export default {
  id: 5,
  name: 'Server memory (RSS) per idle connected tab, 1,000 tabs',
  unit: 'KiB',
  goal: 'ratio ≤ 1.5 and < 50 KiB',
  async run() {
    const core = await perConnection('core');
    const raw = await perConnection('raw');
    // RSS is what the machine pays (and what the design's "~23 KiB per raw connection" counts);
    // the JS heap share is shown beside it.
    const ratio = core.rss / raw.rss;
    return {
      value: core.rss / KB,
      baseline: raw.rss / KB,
      ratio,
      met: ratio <= 1.5 && core.rss < 50 * KB,
      baselineName: 'raw socket.io connection',
      secondary: { name: 'heap', value: core.heap / KB, baseline: raw.heap / KB, ratio: core.heap / raw.heap },
      details: { core, raw, note: 'bytes per connection; rss = resident set, heap = V8 heapUsed + external' },
    };
  },
};

/** Bytes per connection for one kind of server, measured in fresh processes. */
async function perConnection(kind) {
  return withChildren(async (spawn) => {
    const [server, client] = await Promise.all([
      spawn(`m5-${kind}-server`, { execArgv: ['--expose-gc'] }),
      spawn(`m5-${kind}-client`),
    ]);
    const { url } = await (kind === 'core'
      ? server.call(SERVERS, 'startCore', { states: ['counter'] })
      : server.call(SERVERS, 'startRaw'));
    await client.call(SELF, 'connectTabs', { url, kind, count: 20 });
    const before = await server.call(SERVERS, 'memory');
    await client.call(SELF, 'connectTabs', { url, kind, count: TABS }, 120_000);
    await delay(500);
    const after = await server.call(SERVERS, 'memory');
    if (!after.gc) throw new Error('the server process needs --expose-gc');
    if (after.sockets - before.sockets !== TABS) {
      throw new Error(`expected ${TABS} more sockets, got ${after.sockets - before.sockets}`);
    }
    await client.call(SELF, 'closeTabs');
    const per = (key) => (after[key] - before[key]) / TABS;
    return {
      heap: per('heapUsed') + per('external'),
      heapUsed: per('heapUsed'),
      external: per('external'),
      rss: per('rss'),
    };
  });
}

/** Client process: connects `count` tabs (hydrated, for core) and keeps them open. */
export async function connectTabs({ url, kind, count }) {
  await connectMany(count, () => (kind === 'core' ? connectCore(url) : connectRaw(url)));
}

/** Client process: closes every tab. */
export function closeTabs() {
  closeAllClients();
}
