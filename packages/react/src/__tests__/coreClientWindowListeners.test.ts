// @vitest-environment happy-dom
import { CoreClient } from '@core/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, scriptedServer } from './scriptedServer.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CoreClient window listeners', () => {
  it('are removed by close() and added again by connect()', async () => {
    const server = await scriptedServer();
    const added: { type: string; signal: AbortSignal | undefined }[] = [];
    const original = window.addEventListener.bind(window);
    vi.spyOn(window, 'addEventListener').mockImplementation((type, listener, options) => {
      added.push({ type, signal: typeof options === 'object' ? options.signal : undefined });
      original(type, listener, options);
    });
    const client = new CoreClient({ url: server.url, storage: memoryStorage() });
    try {
      expect(added.map((a) => a.type).sort()).toEqual([
        'beforeunload',
        'error',
        'offline',
        'online',
        'pagehide',
        'pageshow',
        'storage',
        'unhandledrejection',
      ]);
      expect(added.every((a) => a.signal && !a.signal.aborted)).toBe(true);
      client.close();
      expect(added.every((a) => a.signal?.aborted)).toBe(true);
      client.connect();
      expect(added).toHaveLength(16);
      expect(added.slice(8).every((a) => a.signal && !a.signal.aborted)).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });

  // Regression (issue 28): the window's `offline` event set the status for good (nothing listened
  // to `online`, and the socket never closed), so every later event waited for a reload.
  it('ignore a window offline event while the socket is live, and reconnect at once when back online', async () => {
    const server = await scriptedServer();
    // On `localhost` socket.io keeps its connection through the window's `offline` event (elsewhere
    // it closes it), so a short blip leaves the socket live: the case that froze the page.
    const client = new CoreClient({ url: server.url.replace('127.0.0.1', 'localhost'), storage: memoryStorage() });
    try {
      await expect.poll(() => client.getStatus()).toBe('connected');
      window.dispatchEvent(new Event('offline'));
      window.dispatchEvent(new Event('online'));
      expect(client.getStatus()).toBe('connected');
      await client.dispatch({ state: 's', name: 'inc', payload: undefined });
      expect(server.events.map((event) => event.name)).toEqual(['inc']);

      // A real outage: the socket closed and the window says offline; once online, it reconnects.
      server.refuse = 1_000;
      for (const socket of server.sockets) socket.disconnect(true);
      await expect.poll(() => client.getStatus()).toBe('reconnecting');
      window.dispatchEvent(new Event('offline'));
      expect(client.getStatus()).toBe('offline');
      server.refuse = 0;
      const sent = client.dispatch({ state: 's', name: 'later', payload: undefined });
      window.dispatchEvent(new Event('online'));
      expect(client.getStatus()).toBe('reconnecting');
      await expect.poll(() => client.getStatus(), { timeout: 2_000 }).toBe('connected');
      await sent;
      expect(server.events.map((event) => event.name)).toEqual(['inc', 'later']);
    } finally {
      client.close();
      await server.close();
    }
  });
});
