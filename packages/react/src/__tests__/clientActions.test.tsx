// @vitest-environment happy-dom
import { CoreProvider, registerClientFunction, runClientAction, ToastStore } from '@core/react';
import type { ClientCallAnswer } from '@core/state/protocol';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openedInTests } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

declare module '@core/state' {
  interface ClientFunctions {
    testWidth: { payload: void; result: number };
    testFails: { payload: string; result: string };
    testNothing: { payload: void; result: void };
  }
}

const { start, connect, closeAll } = openedInTests();
afterEach(async () => {
  await closeAll();
  vi.useRealTimers();
  window.localStorage.clear();
});

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
    const client = connect(server.url, {
      autoConnect: false,
      initial: {
        token: 'tok',
        seq: 0,
        state: { s: { n: 0, list: [1] } },
        actions: [{ type: 'toast', message: 'welcome' }],
      },
    });
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
