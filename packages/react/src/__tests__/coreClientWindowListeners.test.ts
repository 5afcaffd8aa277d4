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
      expect(added.map((a) => a.type).sort()).toEqual(['beforeunload', 'offline', 'pagehide', 'pageshow', 'storage']);
      expect(added.every((a) => a.signal && !a.signal.aborted)).toBe(true);
      client.close();
      expect(added.every((a) => a.signal?.aborted)).toBe(true);
      client.connect();
      expect(added).toHaveLength(10);
      expect(added.slice(5).every((a) => a.signal && !a.signal.aborted)).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });
});
