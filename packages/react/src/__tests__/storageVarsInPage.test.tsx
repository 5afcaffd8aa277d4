// @vitest-environment happy-dom
import type { StorageBinding } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openedInTests, themeBinding } from './scriptedServer.js';

const { start, connect, closeAll } = openedInTests();
afterEach(async () => {
  await closeAll();
  window.localStorage.clear();
  window.sessionStorage.clear();
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
