// @vitest-environment happy-dom
import { CoreClient, CoreProvider, useAppState, useConnection, useEvent } from '@core/react';
import { createEventSpec, type EventSpec } from '@core/state';
import { act, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The real definitions are typed; the page only needs the name and creators, as the stub gives.
const TaskState = {
  name: 'task',
  __state: undefined as unknown as { counter: number; label: string; items: number[] },
  setLabel: (label: string): EventSpec<string> => createEventSpec('task', 'setLabel', label),
};

const renders = { counter: 0, label: 0 };
const statuses: string[] = [];
let fire: ((label: string) => Promise<void>) | undefined;

function Counter() {
  const counter = useAppState(TaskState, (s) => s.counter);
  renders.counter += 1;
  return <span data-testid="counter">{counter}</span>;
}

function Label() {
  const label = useAppState(TaskState, (s) => s.label);
  renders.label += 1;
  return <span data-testid="label">{label}</span>;
}

function Controls() {
  const setLabel = useEvent(TaskState.setLabel);
  const status = useConnection();
  useEffect(() => {
    statuses.push(status);
  }, [status]);
  fire = setLabel;
  return null;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mount(server: ScriptedServer, ui: React.ReactNode) {
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  const container = document.createElement('div');
  const root = createRoot(container);
  await act(async () => root.render(<CoreProvider client={client}>{ui}</CoreProvider>));
  cleanups.push(() => {
    act(() => root.unmount());
    client.close();
  });
  return { client, container };
}

describe('React hooks', () => {
  it('useAppState with a selector re-renders only when the selected value changes', async () => {
    const server = await scriptedServer({ task: { counter: 0, label: 'a', items: [1] }, other: { x: 0 } });
    cleanups.push(() => server.close());
    const { client, container } = await mount(
      server,
      <>
        <Counter />
        <Label />
      </>,
    );
    await expect.poll(() => container.querySelector('[data-testid="counter"]')?.textContent).toBe('0');
    const before = { ...renders };
    await act(async () => server.patch([{ op: 'replace', path: ['task', 'counter'], value: 1 }]));
    await expect.poll(() => container.querySelector('[data-testid="counter"]')?.textContent).toBe('1');
    await act(async () => server.patch([{ op: 'replace', path: ['other', 'x'], value: 5 }]));
    await expect.poll(() => client.seq).toBe(2);
    expect(renders.counter).toBe(before.counter + 1); // its value changed once
    expect(renders.label).toBe(before.label); // never: its value did not change
  });

  it('useEvent sends the typed event and useConnection reports the status', async () => {
    const server = await scriptedServer({ task: { counter: 0, label: 'a', items: [] } });
    cleanups.push(() => server.close());
    statuses.length = 0;
    await mount(server, <Controls />);
    await expect.poll(() => statuses.at(-1)).toBe('connected');
    await act(async () => fire?.('b'));
    expect(server.events.map((e) => [e.state, e.name, e.payload])).toEqual([['task', 'setLabel', 'b']]);
  });
});
