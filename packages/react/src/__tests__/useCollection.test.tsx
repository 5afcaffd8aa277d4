// @vitest-environment happy-dom
import { CoreClient, CoreProvider } from '@core/react';
import { useCollection } from '@core/react/collection';
import type { CollectionWindowData } from '@core/state/types';
import { act, memo } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Post {
  readonly id: number;
  readonly likes: number;
}

// The page needs the name only (as the stub gives); the type says `posts` is a collection.
const FeedState = {
  name: 'feed',
  __state: undefined as unknown as { posts: { size: number } & import('@core/state').ReadonlyCollection<Post, number> },
};

const orderOf = (id: number) => `a${String.fromCharCode(48 + (99 - id))}`; // 99 first, then 98, …
const post = (id: number): Post => ({ id, likes: 0 });
const window = (ids: number[], hi: string | null): CollectionWindowData<Post> => ({
  $collection: 'id',
  items: ids.map(post),
  orders: ids.map(orderOf),
  total: 40,
  lo: null,
  hi,
});

const rowRenders = new Map<number, number>();
const Row = memo(function Row({ item }: { item: Post }) {
  rowRenders.set(item.id, (rowRenders.get(item.id) ?? 0) + 1);
  return <li data-id={item.id}>{item.likes}</li>;
});

let view: ReturnType<typeof useCollection<typeof FeedState, 'posts'>> | undefined;
function Feed() {
  view = useCollection(FeedState, 'posts', { page: 2 });
  return (
    <ol>
      {view.items.map((item) => (
        <Row key={item.id} item={item} />
      ))}
    </ol>
  );
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mount(server: ScriptedServer) {
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  const container = document.createElement('div');
  const root = createRoot(container);
  await act(async () => root.render(<CoreProvider client={client}>{<Feed />}</CoreProvider>));
  cleanups.push(() => {
    act(() => root.unmount());
    client.close();
  });
  return { client, container };
}

describe('useCollection', () => {
  it('re-renders only the row whose item changed, and keeps the count from the server', async () => {
    const server = await scriptedServer({ feed: { posts: window([99, 98, 97], orderOf(97)) } });
    cleanups.push(() => server.close());
    const { container } = await mount(server);
    await expect.poll(() => container.querySelectorAll('li').length).toBe(3);
    const before = new Map(rowRenders);
    await act(async () =>
      server.patch([
        { op: 'collection', path: ['feed', 'posts'], value: [['~', 98, orderOf(98), { likes: 5 }]], total: 40 },
      ]),
    );
    await expect.poll(() => container.querySelector('[data-id="98"]')?.textContent).toBe('5');
    expect(rowRenders.get(98)).toBe((before.get(98) ?? 0) + 1);
    expect(rowRenders.get(99)).toBe(before.get(99));
    expect(rowRenders.get(97)).toBe(before.get(97));
    // A change outside the window: the count moves, no row re-renders.
    await act(async () => server.patch([{ op: 'collection', path: ['feed', 'posts'], value: [['#', 1]], total: 41 }]));
    await expect.poll(() => view?.total).toBe(41);
    expect(rowRenders.get(99)).toBe(before.get(99));
  });

  it('loadOlder asks for the posts after the window and shows them once the page is at their seq', async () => {
    const server = await scriptedServer({ feed: { posts: window([99, 98], orderOf(98)) } });
    cleanups.push(() => server.close());
    const asked: unknown[] = [];
    server.onConnect = (socket) =>
      socket.on('core:window', (request: unknown, ack: (answer: unknown) => void) => {
        asked.push(request);
        // Read at seq 1: the page applies it after the update with seq 1.
        ack({
          ok: true,
          seq: 1,
          epoch: '',
          slice: {
            lo: orderOf(98),
            hi: orderOf(96),
            orders: [orderOf(97), orderOf(96)],
            items: [post(97), post(96)],
            total: 40,
            extends: 'after',
          },
        });
        setTimeout(() => server.patch([]), 20);
      });
    const { container } = await mount(server);
    await expect.poll(() => container.querySelectorAll('li').length).toBe(2);
    expect(view?.hasOlder).toBe(true);
    await act(async () => view?.loadOlder());
    expect(asked).toEqual([{ state: 'feed', name: 'posts', request: { after: orderOf(98), count: 2 } }]);
    await expect
      .poll(() => [...container.querySelectorAll('li')].map((li) => li.dataset.id))
      .toEqual(['99', '98', '97', '96']);
  });
});
