// @vitest-environment happy-dom
import { CoreClient, CoreProvider, EventError, useAppState, useEvent } from '@core/react';
import { createEventSpec, type EventSpec } from '@core/state';
import type { EventMessage } from '@core/state/protocol';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLayers } from '../optimisticView.js';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Todo = { items: string[] };
const TodoState = {
  name: 'todo',
  __state: undefined as unknown as Todo,
  add: Object.assign((text: string): EventSpec<string> => createEventSpec('todo', 'add', text), {
    __state: undefined as Todo | undefined,
  }),
  ping: (): EventSpec<undefined> => createEventSpec('todo', 'ping', undefined),
};

let add: ((text: string) => Promise<void>) | undefined;
let ping: ((...args: unknown[]) => Promise<void>) | undefined;

function TodoList({ temporal = false }: { temporal?: boolean }) {
  const items = useAppState(TodoState, (s) => s.items);
  add = useEvent(TodoState.add, {
    optimistic: (draft, text) => {
      draft.items.push(text);
    },
  });
  ping = useEvent(TodoState.ping, { temporal, preventDefault: true, stopPropagation: true }) as never;
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mount(ui: React.ReactNode, preload = true) {
  const server = await scriptedServer({ todo: { items: ['a'] } });
  const held: EventMessage[] = [];
  server.onEvent = (message) => held.push(message);
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  const container = document.createElement('div');
  const root = createRoot(container);
  await act(async () => root.render(<CoreProvider client={client}>{ui}</CoreProvider>));
  cleanups.push(async () => {
    act(() => root.unmount());
    client.close();
    await server.close();
  });
  await expect.poll(() => client.getStatus()).toBe('connected');
  if (preload) await loadLayers(); // as useEvent's mount effect starts it
  const shown = () => [...container.querySelectorAll('li')].map((li) => li.textContent);
  // Every state the page was told of, to catch a frame that shows an item twice.
  const seen: string[][] = [];
  client.subscribe(() => seen.push([...((client.getState()?.todo?.items as string[]) ?? [])]));
  return { server, client, held, shown, seen };
}

function answer(server: ScriptedServer, message: EventMessage, items: string[]) {
  server.patch([{ op: 'replace', path: ['todo', 'items'], value: items }], message.id);
}

describe('optimistic updates', () => {
  it('show an add before the server answers and exactly once after, also with another update in between', async () => {
    const { server, held, shown, seen } = await mount(<TodoList />, false);
    let done: Promise<void> | undefined;
    await act(async () => {
      done = add?.('b');
    });
    // Before the server has answered (it holds the event until told). The first optimistic event
    // of a page may wait for the layers' code; later ones show at once (next test).
    await expect.poll(shown).toEqual(['a', 'b']);
    expect(held).toHaveLength(1);
    // Another tab's item arrives first: the optimistic one is rebased on top of it.
    await act(async () => server.patch([{ op: 'replace', path: ['todo', 'items'], value: ['a', 'z'] }]));
    await expect.poll(shown).toEqual(['a', 'z', 'b']);
    await act(async () => answer(server, held[0] as EventMessage, ['a', 'z', 'b']));
    await act(async () => done);
    expect(shown()).toEqual(['a', 'z', 'b']);
    expect(seen.every((items) => items.filter((item) => item === 'b').length <= 1)).toBe(true);
  });

  it('roll a refused add back and reject with the error; a later add in flight stays', async () => {
    const { server, held, shown } = await mount(<TodoList />);
    let failed: Promise<unknown> | undefined;
    await act(async () => {
      failed = add?.('fail').catch((error: unknown) => error);
      void add?.('c');
    });
    expect(shown()).toEqual(['a', 'fail', 'c']); // at once, in the same act as the calls
    await expect.poll(() => held.length).toBe(2);
    const error = { code: 'HANDLER_ERROR', message: 'refused' };
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: false, error }));
    expect(await failed).toBeInstanceOf(EventError);
    await expect.poll(shown).toEqual(['a', 'c']);
    await act(async () => answer(server, held[1] as EventMessage, ['a', 'c']));
    await expect.poll(shown).toEqual(['a', 'c']);
  });

  it('drop the change when the event ends with an ack and no update of its own', async () => {
    const { server, held, shown } = await mount(<TodoList />);
    await act(async () => void add?.('b'));
    await expect.poll(() => held.length).toBe(1);
    await act(async () => server.sockets[0]?.emit('core:ack', { id: held[0]?.id, ok: true }));
    await expect.poll(shown).toEqual(['a']);
  });
});

describe('useEvent options', () => {
  it('takes a DOM event out of the payload, calling preventDefault and stopPropagation on it', async () => {
    const { held } = await mount(<TodoList />);
    const calls: string[] = [];
    const event = { preventDefault: () => calls.push('prevent'), stopPropagation: () => calls.push('stop') };
    await act(async () => void ping?.(event));
    await expect.poll(() => held.length).toBe(1);
    expect(calls).toEqual(['prevent', 'stop']);
    expect(held[0]?.payload).toBeUndefined();
  });

  it('temporal drops an event fired while disconnected instead of sending it after the reconnect', async () => {
    const { client, held } = await mount(<TodoList temporal />);
    client.close();
    await act(async () => ping?.());
    client.connect();
    await expect.poll(() => client.getStatus()).toBe('connected');
    await act(async () => void add?.('sent'));
    await expect.poll(() => held.map((m) => m.name)).toEqual(['add']);
  });
});
