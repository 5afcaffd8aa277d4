import { type AppHandle, collection, defineState } from '@core/state';

/** One post of the feed. */
export interface Post {
  readonly id: string;
  readonly text: string;
  readonly likes: number;
}

/** How many posts the feed starts with. */
export const SEEDED_POSTS = 100_000;

/** Posts `p0` … `p99999`, newest (highest number) first. */
function* seedPosts(): Generator<Post> {
  for (let n = SEEDED_POSTS - 1; n >= 0; n--) yield { id: `p${n}`, text: `Post number ${n}`, likes: 0 };
}

/**
 * App-wide: one feed for every visitor, newest first, seeded with 100,000 posts when the server
 * starts ({@link seedFeed}). A page sees the newest 50 at first (the collection's window) and loads
 * older ones on demand; a post or a like reaches every page as one small op.
 */
export const FeedState = defineState('feed', {
  scope: 'app',
  vars: {
    posts: collection<Post>({ key: 'id', window: 50 }),
    /** How many times the feed was seeded: once per store, whatever the number of processes and pages. */
    seedRuns: 0,
    /** The number of the next post's id. */
    _next: SEEDED_POSTS,
  },
  events: {
    post(s, text: string) {
      const clean = String(text ?? '')
        .trim()
        .slice(0, 280);
      if (!clean) return;
      s.posts.insert({ id: `p${s._next}`, text: clean, likes: 0 }, 'start');
      s._next += 1;
    },
    like(s, id: string) {
      // What the page sends is a claim: only a post that exists gets the like.
      if (typeof id !== 'string' || !s.posts.has(id)) return;
      s.posts.update(id, (post) => ({ likes: post.likes + 1 }));
    },
  },
});

/**
 * Seeds the feed, once: `createApp({ onStart })` runs it when the server starts, before the first
 * page connects, so no page load or server render pays for 100,000 posts. Every process of a
 * cluster runs it, so it checks under the app document's lock whether the feed was seeded already
 * (by another process, or before a restart with a kept store: `core start` keeps the memory state).
 */
export function seedFeed(app: AppHandle): Promise<void> {
  return app.modifyState({ scope: 'app' }, async (tx) => {
    const feed = await tx.get(FeedState);
    if (feed.seedRuns > 0) return;
    feed.posts.reset(seedPosts());
    feed.seedRuns += 1;
  });
}
