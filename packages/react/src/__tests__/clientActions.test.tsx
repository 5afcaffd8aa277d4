// @vitest-environment happy-dom
import { CoreClient, CoreProvider, registerClientFunction, runClientAction, ToastStore } from '@core/react';
import type { ClientCallAnswer, StorageBinding } from '@core/state/protocol';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer, themeBinding } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

declare module '@core/state' {
  interface ClientFunctions {
    testWidth: { payload: void; result: number };
    testFails: { payload: string; result: string };
    testNothing: { payload: void; result: void };
  }
}

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  vi.useRealTimers();
  window.localStorage.clear();
});

async function start(state?: Record<string, Record<string, unknown>>): Promise<ScriptedServer> {
  const server = await scriptedServer(state);
  opened.push(server);
  return server;
}

function connect(url: string) {
  const client = new CoreClient({ url, storage: memoryStorage() });
  opened.push({ close: () => client.close() });
  return client;
}

describe('ToastStore', () => {
  it('dismisses a toast after its duration, and keeps one with duration 0', () => {
    vi.useFakeTimers();
    const store = new ToastStore();
    store.show('gone soon', { duration: 1_000 });
    store.show('stays', { duration: 0, kind: 'error' });
    vi.advanceTimersByTime(1_000);
    expect(store.getSnapshot()).toEqual([{ id: 2, message: 'stays', kind: 'error' }]);
  });

  it('keeps the five newest toasts', () => {
    const store = new ToastStore();
    for (let i = 0; i < 7; i++) store.show(`t${i}`, { duration: 0 });
    expect(store.getSnapshot().map((t) => t.message)).toEqual(['t2', 't3', 't4', 't5', 't6']);
  });
});

describe('client actions in the page', () => {
  it('shows a toast from core:action in a status region, dismissible', async () => {
    const server = await start();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const el = document.createElement('div');
    document.body.append(el);
    const root = createRoot(el);
    await act(async () => root.render(<CoreProvider client={client}>app</CoreProvider>));
    server.sockets[0].emit('core:action', { actions: [{ type: 'toast', message: 'Saved', kind: 'success' }] });
    await expect
      .poll(() => el.querySelector('[role="status"][data-testid="core-toasts"]')?.textContent)
      .toContain('Saved');
    await act(async () => (el.querySelector('[aria-label="Dismiss"]') as HTMLButtonElement).click());
    expect(el.querySelector('[data-testid="core-toast"]')).toBeNull();
    await act(async () => root.unmount());
    el.remove();
  });

  it('uses a custom toast renderer given to CoreProvider', async () => {
    const server = await start();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const el = document.createElement('div');
    const root = createRoot(el);
    await act(async () =>
      root.render(
        <CoreProvider
          client={client}
          renderToasts={({ toasts }) => (
            <ol>
              {toasts.map((t) => (
                <li key={t.id}>custom {t.message}</li>
              ))}
            </ol>
          )}
        />,
      ),
    );
    act(() => void client.toasts.show('hi'));
    expect(el.textContent).toBe('custom hi');
    expect(el.querySelector('[data-testid="core-toasts"]')).toBeNull();
    await act(async () => root.unmount());
  });

  // Issue 28, bug 3: actions of on-load events run during the server render reach the page in
  // its HTML; it carries them out once connected (not before: a redirect needs the live router).
  it('carries out the actions the server render carried, once connected', async () => {
    const server = await start();
    const client = new CoreClient({
      url: server.url,
      storage: memoryStorage(),
      autoConnect: false,
      initial: {
        token: 'tok',
        seq: 0,
        state: { s: { n: 0, list: [1] } },
        actions: [{ type: 'toast', message: 'welcome' }],
      },
    });
    opened.push({ close: () => client.close() });
    expect(client.toasts.getSnapshot()).toEqual([]);
    client.connect();
    await expect.poll(() => client.toasts.getSnapshot().map((toast) => toast.message)).toEqual(['welcome']);
  });

  it('refuses to navigate to a javascript: URL', async () => {
    const toasts = new ToastStore();
    await expect(runClientAction({ type: 'redirect', href: 'javascript:alert(1)' }, { toasts })).rejects.toThrow(
      /Refused/,
    );
    await expect(runClientAction({ type: 'download', url: ' JavaScript:alert(1)' }, { toasts })).rejects.toThrow(
      /Refused/,
    );
  });

  it('redirects through the registered navigator when there is one', async () => {
    const calls: unknown[] = [];
    await runClientAction(
      { type: 'redirect', href: '/next', replace: true },
      {
        toasts: new ToastStore(),
        navigate: (href, options) => {
          calls.push([href, options]);
          return true;
        },
      },
    );
    expect(calls).toEqual([['/next', { replace: true }]]);
  });

  it('downloads data through an anchor with the file name', async () => {
    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    await runClientAction(
      { type: 'download', data: 'hello', filename: 'report.txt', mimeType: 'text/plain' },
      { toasts: new ToastStore() },
    );
    click.mockRestore();
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('report.txt');
    expect(clicked[0].href).toMatch(/^blob:/);
  });

  it('focuses an element by test id, else by selector', async () => {
    document.body.innerHTML = '<input data-testid="name"><input id="other">';
    await runClientAction({ type: 'focus', target: 'name' }, { toasts: new ToastStore() });
    expect(document.activeElement?.getAttribute('data-testid')).toBe('name');
    await runClientAction({ type: 'focus', target: '#other' }, { toasts: new ToastStore() });
    expect(document.activeElement?.id).toBe('other');
    document.body.innerHTML = '';
  });

  // Regression (issue 28): `focus('focus_target')` for an element id did nothing (it looked for a
  // test id, then for a <focus_target> element).
  it('focuses an element by its id, and says what it looked for when nothing matches', async () => {
    document.body.innerHTML = '<input id="focus_target"><input data-testid="name">';
    await runClientAction({ type: 'focus', target: 'focus_target' }, { toasts: new ToastStore() });
    expect(document.activeElement?.id).toBe('focus_target');
    const error = await runClientAction({ type: 'focus', target: 'missing' }, { toasts: new ToastStore() }).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(/data-testid "missing" or id "missing".*CSS selector/);
    document.body.innerHTML = '';
  });
});

describe('client functions', () => {
  it('answer core:call with the registered function result, or say why not', async () => {
    const server = await start();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const offWidth = registerClientFunction('testWidth', () => 640);
    const offFails = registerClientFunction('testFails', async (text) => {
      throw new Error(`no ${text}`);
    });
    const ask = (name: string, payload?: unknown) =>
      server.sockets[0].timeout(2_000).emitWithAck('core:call', { name, payload }) as Promise<ClientCallAnswer>;
    expect(await ask('testWidth')).toEqual({ ok: true, value: 640 });
    // A function that returns nothing answers null (issue 28), not an answer without a value.
    const offNothing = registerClientFunction('testNothing', () => undefined);
    expect(await ask('testNothing')).toEqual({ ok: true, value: null });
    offNothing();
    // Over the server's maxBytes: the page answers why instead of sending it (issue 23).
    const large = (await server.sockets[0]
      .timeout(2_000)
      .emitWithAck('core:call', { name: 'testWidth', maxBytes: 2 })) as ClientCallAnswer;
    expect(large).toEqual({
      ok: false,
      error: { code: 'TOO_LARGE', message: 'the answer is 3 bytes of JSON, over the 2 allowed' },
    });
    expect(await ask('testFails', 'way')).toEqual({ ok: false, error: { code: 'FUNCTION_FAILED', message: 'no way' } });
    offWidth();
    expect(await ask('testWidth')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FUNCTION' } });
    offFails();
  });

  it('run after the actions sent before them, while the interpreter loads on first use', async () => {
    const server = await start();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const off = registerClientFunction('testWidth', () => client.toasts.getSnapshot().length);
    const socket = server.sockets[0];
    socket.emit('core:action', { actions: [{ type: 'toast', message: 'first', duration: 0 }] });
    expect(await socket.timeout(2_000).emitWithAck('core:call', { name: 'testWidth' })).toEqual({ ok: true, value: 1 });
    off();
  });
});

describe('storage vars in the page', () => {
  const theme = themeBinding;
  const count: StorageBinding = {
    key: 'session:count',
    state: 's',
    var: 'count',
    kind: 'session',
    name: 'count',
    json: true,
  };

  it('sends the values it knows on connect, and writes changed vars back', async () => {
    const server = await start({ s: { theme: 'light', count: 0 } });
    server.hydrate = () => ({
      token: 'tok',
      seq: 0,
      state: { s: { theme: 'light', count: 0 } },
      storage: [theme, count],
    });
    const first = connect(server.url);
    await expect.poll(() => first.getStatus()).toBe('connected');
    expect(server.sockets[0].handshake.auth.stored).toBeUndefined(); // nothing known, nothing stored yet
    server.patch([
      { op: 'replace', path: ['s', 'theme'], value: 'dark' },
      { op: 'replace', path: ['s', 'count'], value: 3 },
    ]);
    await expect.poll(() => window.localStorage.getItem('theme')).toBe('dark');
    expect(window.sessionStorage.getItem('count')).toBe('3');
    first.close();

    // The next page load knows the bindings (remembered) and sends the stored values with the handshake.
    const second = connect(server.url);
    await expect.poll(() => second.getStatus()).toBe('connected');
    expect(server.sockets.at(-1)?.handshake.auth.stored).toEqual({ 'local:theme': 'dark', 'session:count': '3' });
  });

  it('sends a stored value the server has not seen yet (a binding new to this page) after the hydrate', async () => {
    window.localStorage.setItem('theme', 'dark');
    const server = await start({ s: { theme: 'light' } });
    server.hydrate = () => ({ token: 'tok', seq: 0, state: { s: { theme: 'light' } }, storage: [theme] });
    const stored: unknown[] = [];
    server.onConnect = (socket) => socket.on('core:stored', (message: unknown) => stored.push(message));
    const client = connect(server.url);
    await expect.poll(() => stored).toEqual([{ values: { 'local:theme': 'dark' } }]);
    expect(client.getState()?.s.theme).toBe('light'); // the server answers with a patch
    expect(window.localStorage.getItem('theme')).toBe('dark'); // not overwritten by the default
  });

  // Regression (issue 28): a value the browser no longer had was never sent, so the var kept
  // the server's old value (a cleared storage, an expired cookie).
  it('sends null for a var the browser has no value for: on connect, and after a hydrate when the var is not at its default', async () => {
    const withDefault = { ...theme, default: 'light' };
    const server = await start({ s: { theme: 'dark' } });
    server.hydrate = () => ({
      token: 'tok',
      seq: 0,
      epoch: 'e1',
      state: { s: { theme: 'dark' } },
      storage: [withDefault],
    });
    const stored: unknown[] = [];
    server.onConnect = (socket) => socket.on('core:stored', (message: unknown) => stored.push(message));
    const first = connect(server.url);
    // A first visit: the server holds 'dark' (an older value of this tab), the browser nothing.
    await expect.poll(() => stored).toEqual([{ values: { 'local:theme': null } }]);
    expect(window.localStorage.getItem('theme')).toBeNull(); // no default written into the storage
    first.close();
    // The next page load knows the binding: null goes with the handshake.
    const second = connect(server.url);
    await expect.poll(() => second.getStatus()).toBe('connected');
    expect(server.sockets.at(-1)?.handshake.auth.stored).toEqual({ 'local:theme': null });
  });

  // Regression (issue 28): when the server lost the tab's document, the hydrate that followed
  // (without bindings for a page that was behind) wrote the defaults over the browser's storage.
  it('sends its stored values again when the server’s document is new, instead of writing the defaults over them', async () => {
    const server = await start({ s: { theme: 'light' } });
    server.hydrate = () => ({ token: 'tok', seq: 0, epoch: 'e1', state: { s: { theme: 'light' } }, storage: [theme] });
    const stored: unknown[] = [];
    server.onConnect = (socket) => socket.on('core:stored', (message: unknown) => stored.push(message));
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    server.sockets[0].emit('core:patch', {
      seq: 1,
      epoch: 'e1',
      patches: [{ op: 'replace', path: ['s', 'theme'], value: 'dark' }],
    });
    await expect.poll(() => window.localStorage.getItem('theme')).toBe('dark');
    // The document is gone; the server started a new one (epoch e2) from the defaults.
    server.sockets[0].emit('core:hydrate', { token: 'tok', seq: 1, epoch: 'e2', state: { s: { theme: 'light' } } });
    await expect.poll(() => stored).toEqual([{ values: { 'local:theme': 'dark' } }]);
    expect(window.localStorage.getItem('theme')).toBe('dark');

    // The same document brought up to date (a page that was behind): a handler's change wins.
    server.sockets[0].emit('core:hydrate', { token: 'tok', seq: 5, epoch: 'e2', state: { s: { theme: 'blue' } } });
    await expect.poll(() => window.localStorage.getItem('theme')).toBe('blue');
    expect(stored).toHaveLength(1);
  });

  it('reports a change another tab made to a synced var', async () => {
    const server = await start({ s: { theme: 'light' } });
    server.hydrate = () => ({ token: 'tok', seq: 0, state: { s: { theme: 'light' } }, storage: [theme] });
    const stored: unknown[] = [];
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    server.sockets[0].on('core:stored', (message: unknown) => stored.push(message));
    window.dispatchEvent(
      new StorageEvent('storage', { key: 'theme', newValue: 'blue', storageArea: window.localStorage }),
    );
    await expect.poll(() => stored).toEqual([{ values: { 'local:theme': 'blue' } }]);
  });
});
