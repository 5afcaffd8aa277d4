// Measure 8: gzipped size of @core/react and everything it pulls in beyond React, against the
// socket.io client alone, built the same way. The figure and the budget count what a page loads
// up front; the chunks it loads on first use (dynamic `import()`) are shown beside it and kept in
// `details.core.lazy`. The budget is checked here and by `node bench/sizeBudget.mjs` (exit code 1
// when over).
import { benchModule, withChildren } from '../lib/children.mjs';

const BUNDLE = benchModule('lib/bundle.mjs');
const SELF = import.meta.url;

/** The client bundle budget, in bytes gzipped (kB = 1,000 bytes). */
export const BUDGET = 25_000;

export default {
  id: 8,
  name: 'Client bundle: @core/react + deps beyond React, gzipped',
  unit: 'kB',
  goal: `< ${BUDGET / 1000} kB`,
  async run() {
    return withChildren(async (spawn) => {
      const builder = await spawn('m8-build');
      const r = await builder.call(SELF, 'measureBundles', {}, 120_000);
      const lazy = r.core.lazy.reduce((sum, chunk) => sum + chunk.gzip, 0);
      return {
        value: r.core.gzip / 1000,
        display:
          lazy > 0
            ? `${(r.core.gzip / 1000).toFixed(1)} kB · on first use ${(lazy / 1000).toFixed(1)} kB in ${r.core.lazy.length} chunks`
            : undefined,
        baseline: r.socketIo.gzip / 1000,
        ratio: r.core.gzip / r.socketIo.gzip,
        met: r.core.gzip < BUDGET,
        baselineName: 'socket.io-client alone',
        details: r,
      };
    });
  },
};

/** Builder process: both bundles. */
export async function measureBundles() {
  const { bundleSize, coreReactEntry, socketIoEntry } = await import(BUNDLE);
  return {
    core: await bundleSize('core-react', coreReactEntry),
    socketIo: await bundleSize('socket-io', socketIoEntry),
  };
}
