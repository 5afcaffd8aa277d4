import {
  type Chain,
  collection,
  createApp,
  defineState,
  ImmutableStateError,
  isStateError,
  MemoryStateManager,
} from '@core/state';
import type { CollectionWindowData, StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

interface Post {
  readonly id: string;
  readonly text: string;
  readonly likes: number;
}

const seeded = (count: number) =>
  function* () {
    for (let n = count - 1; n >= 0; n--) yield { id: `p${n}`, text: `post ${n}`, likes: 0 };
  };

let kept: { posts: unknown } | undefined;

const Feed = defineState('feed', {
  vars: { posts: collection<Post, string>({ key: 'id', window: 3, initial: seeded(10_000) }), note: '' },
  computed: { count: (s) => s.posts.size },
  events: {
    post(s, text: string) {
      s.posts.insert({ id: `n${s.posts.size}`, text, likes: 0 }, 'start');
    },
    like(s, id: string) {
      s.posts.update(id, (p) => ({ likes: p.likes + 1 }));
    },
    postThenFail(s) {
      s.posts.insert({ id: 'lost', text: 'lost', likes: 0 }, 'start');
      s.note = 'lost too';
      throw new Error('boom');
    },
    *twoSteps(s) {
      s.posts.insert({ id: 'first', text: '1', likes: 0 }, 'start');
      yield;
      s.posts.insert({ id: 'second', text: '2', likes: 0 }, 'start');
    },
    replace(s) {
      (s as { posts: unknown }).posts = [];
    },
    keep(s) {
      kept = s as { posts: unknown };
    },
    readBack(s): Chain {
      s.note = `${s.posts.at(0)?.text} ${s.posts.slice(1, 2)[0]?.id}`;
    },
  },
  background: {
    async likeLater(task, id: string) {
      expect(task.state.posts.get(id)?.likes).toBeTypeOf('number');
      await task.modify((s) => {
        s.posts.update(id, { likes: 100 });
      });
    },
  },
});

const App = defineState('everyone', {
  scope: 'app',
  vars: { chat: collection<Post, string>({ key: 'id', from: 'end', window: 2 }) },
  events: {
    say(s, text: string) {
      s.chat.insert({ id: `c${s.chat.size}`, text, likes: 0 });
    },
  },
});

function collect(app: ReturnType<typeof createApp>, token: string): StateUpdate[] {
  const updates: StateUpdate[] = [];
  app.subscribe(token, (update) => updates.push(update));
  return updates;
}

describe('collection vars in an app', () => {
  it('hydrates the first window and the total, and sends one small op per change', async () => {
    const app = createApp({ states: [Feed] });
    const { state } = await app.hydrate('t');
    const window = state.feed.posts as CollectionWindowData<Post>;
    expect(window.items.map((p) => p.id)).toEqual(['p9999', 'p9998', 'p9997']);
    expect(window.total).toBe(10_000);
    expect(state.feed.count).toBe(10_000);
    const updates = collect(app, 't');
    await app.dispatch('t', Feed.like('p5000'));
    await app.dispatch('t', Feed.post('hello'));
    expect(updates[0].patches).toEqual([
      {
        op: 'collection',
        path: ['feed', 'posts'],
        value: [['~', 'p5000', expect.any(String), { likes: 1 }]],
        total: 10_000,
      },
    ]);
    expect(JSON.stringify(updates[0]).length).toBeLessThan(140);
    expect(updates[1].patches).toContainEqual({ op: 'replace', path: ['feed', 'count'], value: 10_001 });
    expect(JSON.stringify(updates[1]).length).toBeLessThan(200);
    const after = (await app.snapshot('t')).feed.posts as CollectionWindowData<Post>;
    expect(after.items[0]).toEqual({ id: 'n10000', text: 'hello', likes: 0 });
    await app.close();
  });

  it('keeps nothing of a handler that throws, the collection included', async () => {
    const app = createApp({ states: [Feed] });
    await app.dispatch('t', Feed.post('x'));
    const updates = collect(app, 't');
    await expect(app.dispatch('t', Feed.postThenFail())).rejects.toThrow(/boom/);
    expect(updates).toEqual([]);
    await app.dispatch('t', Feed.readBack());
    expect((await app.snapshot('t')).feed.note).toBe('x p9999');
    await app.close();
  });

  it('commits a generator at each yield and reads its own changes in between', async () => {
    const app = createApp({ states: [Feed] });
    const updates = collect(app, 't');
    await app.dispatch('t', Feed.twoSteps());
    expect(updates.map((u) => u.patches.length)).toEqual([2, 2]); // the op and the count, twice
    const posts = (await app.snapshot('t')).feed.posts as CollectionWindowData<Post>;
    expect(posts.items.slice(0, 2).map((p) => p.id)).toEqual(['second', 'first']);
    await app.close();
  });

  it('refuses to replace a collection var, and a kept view refuses writes after its handler', async () => {
    const app = createApp({ states: [Feed] });
    const error = await app.dispatch('t', Feed.replace()).catch((e: unknown) => e);
    expect(isStateError(error, 'INVALID_COLLECTION_OP')).toBe(true);
    expect((error as Error).message).toMatch(/Cannot assign collection "feed.posts": .* changed through its methods/);
    await app.dispatch('t', Feed.keep());
    const posts = (kept as { posts: { insert(p: Post): void; size: number } }).posts;
    expect(() => posts.insert({ id: 'late', text: '', likes: 0 })).toThrow(ImmutableStateError);
    expect(posts.size).toBe(10_000);
    await app.close();
  });

  it('lets a background task read task.state and change the collection in task.modify', async () => {
    const app = createApp({ states: [Feed] });
    await app.dispatch('t', Feed.likeLater('p3'));
    await app.idle();
    await app.dispatch('t', Feed.readBack());
    const hydration = await app.hydrate('t');
    expect(hydration.state.feed.count).toBe(10_000);
    await app.modifyState('t', async (tx) => {
      expect((await tx.get(Feed)).posts.get('p3')?.likes).toBe(100);
    });
    await app.close();
  });

  it('an app-wide collection is one for every tab, its window taken from the end', async () => {
    const app = createApp({ states: [App] });
    await app.dispatch('a', App.say('one'));
    await app.dispatch('b', App.say('two'));
    await app.dispatch('a', App.say('three'));
    const window = (await app.snapshot('b')).everyone.chat as CollectionWindowData<Post>;
    expect(window.items.map((m) => m.text)).toEqual(['two', 'three']);
    expect(window).toMatchObject({ total: 3, hi: null });
    await app.close();
  });

  it('survives a memory snapshot and its load, order keys and all', async () => {
    const manager = new MemoryStateManager();
    const app = createApp({ states: [Feed], stateManager: manager });
    await app.dispatch('t', Feed.post('saved'));
    const snapshot = JSON.parse(JSON.stringify(manager.export()));
    await app.close();
    const restored = new MemoryStateManager();
    expect(restored.import(snapshot)).toBe(1);
    const again = createApp({ states: [Feed], stateManager: restored });
    const before = (await again.snapshot('t')).feed.posts as CollectionWindowData<Post>;
    expect(before.items[0].text).toBe('saved');
    expect(before.total).toBe(10_001);
    await again.dispatch('t', Feed.like('n10000'));
    expect(((await again.snapshot('t')).feed.posts as CollectionWindowData<Post>).items[0].likes).toBe(1);
    await again.close();
  });
});
