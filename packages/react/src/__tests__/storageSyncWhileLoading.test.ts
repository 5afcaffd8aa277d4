// @vitest-environment happy-dom
import { CoreClient } from '@core/react';
import { afterEach, expect, it, vi } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer, themeBinding } from './scriptedServer.js';

// Storage sync is a chunk loaded on first use; here it loads only when the test opens the gate.
// (Tests resolve `@core/react` to its sources, so the module to hold back is the source one.)
const loading = vi.hoisted(() => {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open: () => open() };
});
vi.mock('../storageSync.ts', async (importOriginal) => {
  await loading.gate;
  return importOriginal();
});

const theme = themeBinding;

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  window.localStorage.clear();
});

async function start(): Promise<ScriptedServer> {
  const server = await scriptedServer({ s: { theme: 'light' } });
  server.hydrate = () => ({ token: 'tok', seq: 0, state: { s: { theme: 'light' } }, storage: [theme] });
  opened.push(server);
  return server;
}

it('writes back the vars the server changed, and reports other tabs’ changes, made while storage sync loads', async () => {
  const server = await start();
  const stored: unknown[] = [];
  server.onConnect = (socket) => socket.on('core:stored', (message: unknown) => stored.push(message));
  const client = new CoreClient({ url: server.url, storage: memoryStorage() });
  opened.push({ close: () => client.close() });
  await expect.poll(() => client.getStatus()).toBe('connected');
  server.patch([{ op: 'replace', path: ['s', 'theme'], value: 'dark' }]);
  await expect.poll(() => client.getState()?.s.theme).toBe('dark');
  window.dispatchEvent(
    new StorageEvent('storage', { key: 'theme', newValue: 'blue', storageArea: window.localStorage }),
  );
  expect(window.localStorage.getItem('theme')).toBeNull(); // not loaded yet

  loading.open();
  await expect.poll(() => window.localStorage.getItem('theme')).toBe('dark');
  await expect.poll(() => stored).toEqual([{ values: { 'local:theme': 'blue' } }]);
});
