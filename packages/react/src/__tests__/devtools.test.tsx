// @vitest-environment happy-dom
import type { ConnectionStatus } from '@core/react';
import { changedPaths, type DevtoolsClient, DevtoolsStore, EventTimeline, installDevtools } from '@core/react/devtools';
import type { InspectorRecord } from '@core/state/internal';
import type { DevtoolsData } from '@core/state/protocol';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const at = 1_700_000_000_000;

function queued(id: number, handler: string, extra: Partial<InspectorRecord> = {}): InspectorRecord {
  return {
    type: 'event-queued',
    id,
    token: 't',
    at,
    handler,
    payload: undefined,
    origin: 'page',
    background: false,
    ...extra,
  } as InspectorRecord;
}

/** A page's client as the panel sees it, driven by the test. */
class FakeClient implements DevtoolsClient {
  token: string | undefined = 'token-1';
  status: ConnectionStatus = 'connecting';
  readonly requests: unknown[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #handlers = new Map<string, (message: unknown) => void>();
  getStatus = () => this.status;
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  request<TAnswer>(_name: string, message: unknown): Promise<TAnswer> {
    this.requests.push(message);
    return Promise.resolve({ ok: true, maxEvents: 3 } as TAnswer);
  }
  listen(name: string, listener: (message: unknown) => void) {
    this.#handlers.set(name, listener);
    return () => this.#handlers.delete(name);
  }
  setStatus(status: ConnectionStatus) {
    this.status = status;
    for (const listener of this.#listeners) listener();
  }
  push(data: DevtoolsData) {
    this.#handlers.get('core:devtools-data')?.(data);
  }
}

describe('EventTimeline', () => {
  it('nests chained events under their parent and merges a chained task start with its records', () => {
    const timeline = new EventTimeline(10).apply([
      queued(1, 's.toggle'),
      { type: 'event-started', id: 1, token: 't', at },
      queued(2, 's.task', { origin: 'chain', parent: 1, background: true }),
      { type: 'event-ended', id: 1, token: 't', at: at + 5, lockWait: 1, held: 2, patches: 1, bytes: 40 },
      { type: 'task-started', id: 2, token: 't', at: at + 6, handler: 's.task', payload: undefined, origin: 'chain' },
      { type: 'task-modify', id: 2, token: 't', at: at + 7, lockWait: 0.5, held: 1, patches: 2, bytes: 30 },
      { type: 'task-modify', id: 2, token: 't', at: at + 9, lockWait: 0.5, held: 1, patches: 1, bytes: 20 },
      { type: 'task-ended', id: 2, token: 't', at: at + 10 },
    ]);
    expect(timeline.roots().map((e) => e.id)).toEqual([1]);
    expect(timeline.roots()[0]).toMatchObject({ endedAt: at + 5, lockWait: 1, held: 2, patches: 1, bytes: 40 });
    const [task] = timeline.children(1);
    expect(task).toMatchObject({ kind: 'task', startedAt: at + 6, endedAt: at + 10, patches: 3, bytes: 50 });
    expect(task.ticks.map((t) => t.at)).toEqual([at + 7, at + 9]);
  });

  it('keeps the last `limit` entries; a child whose parent was dropped becomes a root', () => {
    const timeline = new EventTimeline(2).apply([
      queued(1, 's.a'),
      queued(2, 's.b', { origin: 'chain', parent: 1 }),
      queued(3, 's.c'),
    ]);
    expect([...timeline.entries.keys()]).toEqual([2, 3]);
    expect(timeline.roots().map((e) => e.id)).toEqual([2, 3]);
    expect(timeline.cleared().entries.size).toBe(0);
  });
});

describe('changedPaths', () => {
  it('gives each changed leaf and its ancestors, nothing for equal trees', () => {
    const before = { task: { n: 1, list: [{ done: false }, { done: false }], same: 'x' } };
    const after = { task: { n: 2, list: [{ done: false }, { done: true }], same: 'x' } };
    expect([...changedPaths(before, after)].sort()).toEqual([
      'task',
      'task.list',
      'task.list.1',
      'task.list.1.done',
      'task.n',
    ]);
    expect(changedPaths(before, structuredClone(before)).size).toBe(0);
  });
});

describe('DevtoolsStore', () => {
  it('subscribes on the server only while open and connected, again after a reconnect, and unsubscribes when closed', async () => {
    const client = new FakeClient();
    const storage = memoryStorage();
    const store = new DevtoolsStore(storage);
    store.attach(client);
    client.setStatus('connected');
    expect(client.requests).toEqual([]); // closed: nothing asked of the server
    store.setOpen(true);
    expect(client.requests).toEqual([{ op: 'subscribe' }]);
    expect(storage.getItem('core:devtools:open')).toBe('1');
    client.setStatus('reconnecting');
    client.setStatus('connected');
    expect(client.requests).toEqual([{ op: 'subscribe' }, { op: 'subscribe' }]);
    store.setOpen(false);
    expect(client.requests.at(-1)).toEqual({ op: 'unsubscribe' });
    expect(new DevtoolsStore(storage).getSnapshot().open).toBe(false);
  });

  it('takes the server limit, folds records and trees in, and freezes the view while paused', async () => {
    const client = new FakeClient();
    const store = new DevtoolsStore();
    store.attach(client);
    store.setOpen(true);
    client.setStatus('connected');
    await vi.waitFor(() => expect(store.getSnapshot().timeline.limit).toBe(3));
    client.push({ records: [queued(1, 's.a')], tree: { seq: 1, epoch: 'e', states: { s: { n: 1, _b: 1 } } } });
    client.push({ tree: { seq: 2, epoch: 'e', states: { s: { n: 2, _b: 1 } } } });
    expect(store.getSnapshot().changed).toEqual(new Set(['s', 's.n']));
    store.setPaused(true);
    client.push({ records: [queued(2, 's.b')] });
    expect(store.getSnapshot().timeline.entries.size).toBe(1);
    store.setPaused(false);
    expect(store.getSnapshot().timeline.entries.size).toBe(2);
    store.clear();
    expect(store.getSnapshot().timeline.entries.size).toBe(0);
  });
});

describe('installDevtools', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    act(() => uninstall?.());
    uninstall = undefined;
  });

  it('shows the client that connects, opens with Ctrl+Shift+D and marks backend vars', async () => {
    const unused = new FakeClient(); // StrictMode's discarded client never connects
    const client = new FakeClient();
    let installed!: ReturnType<typeof installDevtools>;
    act(() => {
      installed = installDevtools({ clients: [unused, client], storage: memoryStorage() });
    });
    uninstall = installed.uninstall;
    act(() => client.setStatus('connected'));
    expect(installed.store.client).toBe(client);
    expect(document.querySelector('[data-testid="devtools-panel"]')).toBeNull();
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'D', ctrlKey: true, shiftKey: true }));
    });
    expect(document.querySelector('[data-testid="devtools-panel"]')).not.toBeNull();
    act(() => client.push({ tree: { seq: 1, epoch: 'e', states: { task: { counter: 1, _nTasks: 0 } } } }));
    const backend = document.querySelector('[data-path="task._nTasks"]');
    expect(backend?.getAttribute('data-backend')).toBe('true');
    expect(backend?.querySelector('[data-testid="devtools-backend-badge"]')?.textContent).toBe('backend');
    expect(document.querySelector('[data-path="task.counter"]')?.getAttribute('data-backend')).toBe('false');
  });

  it('lists the app tasks: state, holder, runs, last run on the server clock, and a failure', async () => {
    const client = new FakeClient();
    let installed!: ReturnType<typeof installDevtools>;
    act(() => {
      installed = installDevtools({ clients: [client], storage: memoryStorage() });
    });
    uninstall = installed.uninstall;
    act(() => client.setStatus('connected'));
    act(() => installed.store.setOpen(true));
    const task = (name: string, extra: Record<string, unknown>) => ({
      name,
      schedule: undefined,
      holder: undefined,
      runs: 0,
      failures: 0,
      lastRun: undefined,
      lastError: undefined,
      state: 'waiting' as const,
      ...extra,
    });
    act(() =>
      client.push({
        connection: {
          socketId: 's',
          pid: 1,
          seq: 0,
          reconnects: 0,
          hydrates: 1,
          resyncs: 0,
          bytesInPerSecond: 0,
          bytesOutPerSecond: 0,
          at,
        },
        appTasks: [
          task('clock', { state: 'running', schedule: 'every 1s', runs: 7, lastRun: at - 12_000 }),
          task('feed', { state: 'failed', runs: 2, failures: 2, lastRun: at - 1_000, lastError: 'upstream down' }),
          task('digest', { state: 'elsewhere', holder: 'process-b-1234567' }),
        ],
      }),
    );
    const rows = [...document.querySelectorAll('[data-testid="devtools-app-task"]')];
    expect(rows.map((row) => [row.getAttribute('data-name'), row.getAttribute('data-state')])).toEqual([
      ['clock', 'running'],
      ['feed', 'failed'],
      ['digest', 'elsewhere'],
    ]);
    const cell = (row: Element | undefined, id: string) => row?.querySelector(`[data-testid="${id}"]`)?.textContent;
    expect(cell(rows[0], 'devtools-app-task-runs')).toBe('7');
    expect(cell(rows[0], 'devtools-app-task-last-run')).toBe('12 s ago');
    expect(cell(rows[1], 'devtools-app-task-error')).toBe('upstream down');
    expect(rows[2]?.textContent).toContain('on another process process-');
    expect(cell(rows[2], 'devtools-app-task-last-run')).toBe('never here');
  });
});
