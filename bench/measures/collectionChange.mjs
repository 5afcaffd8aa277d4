// Measure 13: one change to one item of a collection (a like: one field of one item) dispatched
// through an app, at 10, 10,000 and 1,000,000 items. In-process µs per change with the memory
// manager; the figure is the 1,000,000-item cost, the baseline the 10-item cost (goal: ratio ≤ 2,
// a change costs the same whatever the size). The bytes of the update ride alongside, and the
// same change with the Redis manager (a private redis-server) at 10 and 1,000,000 items.
// Each size runs in its own child process, so one size's heap does not slow the next.
import { withChildren } from '../lib/children.mjs';
import { startPrivateRedis } from '../lib/redisServer.mjs';

const SELF = import.meta.url;
const SIZES = [10, 10_000, 1_000_000];
const REDIS_SIZES = [10, 1_000_000];
const CHANGES = 20_000;
const REDIS_CHANGES = 3_000;

export default {
  id: 13,
  name: 'One change in a collection of 10 / 10,000 / 1,000,000 items',
  unit: 'µs',
  goal: 'ratio ≤ 2 (Redis too)',
  async run() {
    const redis = await startPrivateRedis();
    try {
      return await withChildren(async (spawn) => {
        const memory = {};
        for (const size of SIZES) {
          const child = await spawn(`m13-memory-${size}`, { execArgv: ['--max-old-space-size=4096'] });
          memory[size] = await child.call(SELF, 'timeChanges', { size, changes: CHANGES }, 240_000);
        }
        const onRedis = {};
        if (redis) {
          for (const size of REDIS_SIZES) {
            const child = await spawn(`m13-redis-${size}`, { execArgv: ['--max-old-space-size=4096'] });
            onRedis[size] = await child.call(
              SELF,
              'timeChanges',
              { size, changes: REDIS_CHANGES, redisUrl: redis.url, prefix: `m13:${size}:` },
              240_000,
            );
          }
        }
        const big = memory[1_000_000];
        const small = memory[10];
        const ratio = big.perChange / small.perChange;
        const redisRatio = redis ? onRedis[1_000_000].perChange / onRedis[10].perChange : null;
        return {
          value: big.perChange,
          baseline: small.perChange,
          ratio,
          met: ratio <= 2 && (redisRatio === null || redisRatio <= 2),
          baselineName: '10 items',
          secondary: redis
            ? {
                name: 'Redis manager, 1,000,000 vs 10 items',
                value: onRedis[1_000_000].perChange,
                baseline: onRedis[10].perChange,
                ratio: redisRatio,
              }
            : undefined,
          details: { memory, redis: onRedis, updateBytes: big.updateBytes },
        };
      });
    } finally {
      await redis?.stop();
    }
  },
};

/**
 * Child process: an app with one collection of `size` items; `changes` likes of items spread over
 * it, one event each, awaited one after the other. Also an insert at the start, for the details.
 */
export async function timeChanges({ size, changes, redisUrl, prefix }) {
  const { collection, createApp, defineState } = await import('@core/state');
  const stateManager = redisUrl
    ? await (await import('@core/server/redis')).createRedisStateManager({
        url: redisUrl,
        keyPrefix: prefix,
        // The first event writes the million items whole in one script, which takes Redis ~5 s here:
        // the measure is the cost of a change after that, so the seeding write may take longer.
        commandTimeout: 60_000,
      })
    : undefined;
  const Feed = defineState('feed', {
    vars: {
      posts: collection({
        key: 'id',
        initial: function* () {
          for (let id = 0; id < size; id++) yield { id, text: `post ${id}`, likes: 0 };
        },
      }),
    },
    events: {
      like(s, id) {
        s.posts.update(id, (post) => ({ likes: post.likes + 1 }));
      },
      post(s, id) {
        s.posts.insert({ id, text: 'new post', likes: 0 }, 'start');
      },
    },
  });
  const app = createApp({ states: [Feed], ...(stateManager ? { stateManager } : {}) });
  let updateBytes = 0;
  app.subscribe('bench', (update) => {
    updateBytes = JSON.stringify(update).length;
  });
  const created = performance.now();
  await app.dispatch('bench', Feed.like(0));
  const createMs = performance.now() - created;
  const spread = (i) => (i * 7_919) % size;
  for (let i = 0; i < Math.min(2_000, changes); i++) await app.dispatch('bench', Feed.like(spread(i)));
  const started = process.hrtime.bigint();
  for (let i = 0; i < changes; i++) await app.dispatch('bench', Feed.like(spread(i)));
  const perChange = Number(process.hrtime.bigint() - started) / changes / 1_000;
  const likeBytes = updateBytes;
  const inserts = Math.min(changes, 5_000);
  const insertStart = process.hrtime.bigint();
  for (let i = 0; i < inserts; i++) await app.dispatch('bench', Feed.post(size + i));
  const perInsert = Number(process.hrtime.bigint() - insertStart) / inserts / 1_000;
  await app.close();
  return { size, perChange, perInsert, updateBytes: likeBytes, insertBytes: updateBytes, createMs };
}
