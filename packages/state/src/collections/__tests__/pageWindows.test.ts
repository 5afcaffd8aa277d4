import { describe, expect, it } from 'vitest';
import { type CollectionPatch, CollectionStore, PageWindows, readSlice, windowFromSlice } from '../index.js';
import type { Msg } from './collectionModel.js';

const store = CollectionStore.fromItems<Msg, number>(
  { keyField: 'id', label: 'feed.posts' },
  Array.from({ length: 100 }, (_, id) => ({ id, text: `m${id}`, likes: 0 })),
);
const order = (id: number) => store.orderIndex().at(store.indexOf(id))?.order as string;
const like = (id: number): CollectionPatch<Msg> => ({
  op: 'collection',
  path: ['feed', 'posts'],
  value: [['~', id, order(id), { likes: 1 }]],
});
const counter = { op: 'replace', path: ['feed', 'count'], value: 3 };

describe('what the server keeps of a page’s windows', () => {
  it('sends the very same patches (shared bytes) when every change is inside the window', () => {
    const windows = new PageWindows();
    windows.noteHydrate(
      { feed: { posts: windowFromSlice('id', readSlice(store, { from: 'start', count: 10 })) } },
      () => '',
    );
    const patches = [counter, like(3)];
    expect(windows.filter('', patches)).toBe(patches);
  });

  it('drops a change outside the window and keeps the rest in order', () => {
    const windows = new PageWindows();
    windows.noteHydrate(
      { feed: { posts: windowFromSlice('id', readSlice(store, { from: 'start', count: 10 })) } },
      () => '',
    );
    expect(windows.filter('', [like(50), counter])).toEqual([counter]);
  });

  it('sends every op for a window it knows nothing of (a document of another source, or no hydrate yet)', () => {
    const windows = new PageWindows();
    windows.noteHydrate(
      { feed: { posts: windowFromSlice('id', readSlice(store, { from: 'start', count: 10 })) } },
      () => '@app',
    );
    const patches = [like(50)];
    expect(windows.filter('', patches)).toBe(patches);
    expect(windows.filter('@app', patches)).toEqual([]);
  });

  it('widens a window when a slice continuing it is sent, and ignores one that does not continue it', () => {
    const windows = new PageWindows();
    const first = readSlice(store, { from: 'start', count: 10 });
    windows.noteHydrate({ feed: { posts: windowFromSlice('id', first) } }, () => '');
    windows.noteSlice('', 'feed', 'posts', readSlice(store, { after: order(50), count: 5 }));
    expect(windows.get('', 'feed', 'posts')).toEqual({ lo: null, hi: first.hi });
    windows.noteSlice('', 'feed', 'posts', readSlice(store, { after: first.hi as string, count: 50 }));
    expect(windows.get('', 'feed', 'posts')).toEqual({ lo: null, hi: order(59) });
    expect(windows.filter('', [like(50)])).toHaveLength(1);
  });
});
