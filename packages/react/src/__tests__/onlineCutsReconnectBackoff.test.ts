// @vitest-environment happy-dom
import { CoreClient } from '@core/react';
import type { Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { memoryStorage, scriptedServer } from './scriptedServer.js';

const created: Socket[] = [];
vi.mock('socket.io-client', async (importOriginal) => {
  const real = await importOriginal<typeof import('socket.io-client')>();
  const io = ((...args: Parameters<typeof real.io>) => {
    const socket = real.io(...args);
    created.push(socket);
    return socket;
  }) as typeof real.io;
  return { ...real, io, default: io };
});

// Regression (issue 28, bug 2, seen flaky in the network-blip spec): back online, the page called
// socket.connect(), which socket.io ignores while it waits out its reconnection backoff (up to 5 s
// by default, longer after many failures), so a click made offline stayed queued that long.
describe('back online during socket.io backoff', () => {
  it('connects at once and sends what was clicked meanwhile, instead of waiting for the backoff', async () => {
    const server = await scriptedServer();
    const client = new CoreClient({ url: server.url, storage: memoryStorage() });
    try {
      await expect.poll(() => client.getStatus()).toBe('connected');
      const socket = created.at(-1);
      if (!socket) throw new Error('no socket was created');
      // A backoff far longer than the test: only the online event can bring the page back in time.
      socket.io.reconnectionDelay(60_000).reconnectionDelayMax(60_000);
      for (const serverSocket of server.sockets) serverSocket.conn.close();
      await expect.poll(() => client.getStatus()).toBe('reconnecting');
      window.dispatchEvent(new Event('offline'));
      const sent = client.dispatch({ state: 's', name: 'later', payload: undefined });
      window.dispatchEvent(new Event('online'));
      await expect.poll(() => client.getStatus(), { timeout: 3_000 }).toBe('connected');
      await sent;
      expect(server.events.map((event) => event.name)).toEqual(['later']);
    } finally {
      client.close();
      await server.close();
    }
  });
});
