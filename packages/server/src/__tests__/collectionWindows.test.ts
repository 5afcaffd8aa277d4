import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient } from '@core/react';
import { createServer } from '@core/server';
import { collection, createApp, defineState, silentLogger } from '@core/state';
import type { CollectionWindowData } from '@core/state/types';
import { afterEach, describe, expect, it } from 'vitest';

interface Post {
  readonly id: number;
  readonly text: string;
  readonly likes: number;
}

// An app-wide feed of 1,000 posts, newest (highest id) first; a page sees 10 at first.
const Feed = defineState('feed', {
  scope: 'app',
  vars: {
    posts: collection<Post, number>({
      key: 'id',
      window: 10,
      initial: () => Array.from({ length: 1_000 }, (_, i) => ({ id: 999 - i, text: `post ${999 - i}`, likes: 0 })),
    }),
  },
  events: {
    like(s, id: number) {
      if (s.posts.has(id)) s.posts.update(id, (p) => ({ likes: p.likes + 1 }));
    },
    post(s, text: string) {
      s.posts.insert({ id: 1_000 + s.posts.size, text, likes: 0 }, 'start');
    },
    drop(s, id: number) {
      s.posts.delete(id);
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-collections-'));
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function start(): Promise<string> {
  const server = createServer({
    app: createApp({ states: [Feed] }),
    secret: 'test-secret-0123456789',
    cwd,
    logger: silentLogger,
    dev: false,
  });
  opened.push(server);
  return (await server.listen(0)).url;
}

/** A page's real client, and every `core:patch` it received. */
async function page(url: string) {
  const map = new Map<string, string>();
  const client = new CoreClient({
    url,
    storage: { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) },
  });
  opened.push(client);
  const patches: string[] = [];
  client.listen('core:patch', (message) => patches.push(JSON.stringify(message)));
  await client.whenComplete();
  await expect.poll(() => client.getState()?.feed).toBeDefined();
  const posts = () => client.getState()?.feed.posts as unknown as CollectionWindowData<Post>;
  return { client, patches, posts };
}

describe('collection windows between the server and the page', () => {
  it('hydrates ten posts of a thousand, then sends a like inside the window whole and one outside not at all', async () => {
    const url = await start();
    const a = await page(url);
    const b = await page(url);
    expect(a.posts().items.map((p) => p.id)).toEqual([999, 998, 997, 996, 995, 994, 993, 992, 991, 990]);
    expect(a.posts().total).toBe(1_000);
    await b.client.dispatch(Feed.like(500)); // far outside a's window
    await b.client.dispatch(Feed.like(995));
    await expect.poll(() => a.posts().items[4].likes).toBe(1);
    expect(a.patches.some((p) => p.includes('"~",500'))).toBe(false);
    expect(b.patches.some((p) => p.includes('"~",500'))).toBe(false);
    expect(a.patches.filter((p) => p.includes('"~",995'))).toHaveLength(1);
  });

  it('sends a post at the top to every page, and a delete far away as a count change', async () => {
    const url = await start();
    const a = await page(url);
    const b = await page(url);
    await b.client.dispatch(Feed.post('hello'));
    await expect.poll(() => a.posts().items[0]?.text).toBe('hello');
    expect(a.posts().total).toBe(1_001);
    await b.client.dispatch(Feed.drop(3));
    await expect.poll(() => a.posts().total).toBe(1_000);
    expect(a.patches.at(-1)).toContain('["#",-1]');
    expect(a.posts().items).toHaveLength(11);
  });

  it('loads older posts on demand, after which changes there reach the page', async () => {
    const url = await start();
    const a = await page(url);
    const b = await page(url);
    expect(
      await a.client.loadWindow({
        state: 'feed',
        name: 'posts',
        request: { after: a.posts().hi as string, count: 20 },
      }),
    ).toBe(true);
    expect(
      a
        .posts()
        .items.map((p) => p.id)
        .slice(-2),
    ).toEqual([971, 970]);
    await b.client.dispatch(Feed.like(975));
    await expect.poll(() => a.posts().items.find((p) => p.id === 975)?.likes).toBe(1);
    const refused = a.client.loadWindow({ state: 'feed', name: '_secret', request: { from: 'start', count: 5 } });
    await expect(refused).rejects.toThrow(/no such public collection var/);
  });
});
