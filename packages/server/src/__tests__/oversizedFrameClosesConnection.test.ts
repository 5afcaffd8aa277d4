import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Note = defineState('note', {
  vars: { text: '' },
  events: {
    setText(s, text: string) {
      s.text = text;
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(maxPayloadBytes: number) {
  const app = createApp({ states: [Note], logger: silentLogger });
  const server = createServer({
    app,
    secret: 'test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-frame-')),
    logger: silentLogger,
    dev: false,
    maxPayloadBytes,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  const client = await connectClient(url);
  clients.push(client);
  await client.firstHydrate;
  return { client };
}

describe('a frame larger than the payload limit plus framing', () => {
  it('closes the connection unread instead of buffering up to a megabyte', async () => {
    const { client } = await start(1_000);
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    client.socket.emit('core:event', { id: 'big', state: 'note', name: 'setText', payload: 'x'.repeat(20_000) });
    expect(await disconnected).toBe('transport close');
  });

  it('still answers a payload just over the limit (within the framing) with INVALID_EVENT', async () => {
    const { client } = await start(1_000);
    const ack = await client.send({ id: 'over', state: 'note', name: 'setText', payload: 'x'.repeat(1_500) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT' } });
    // The largest accepted payload with the longest id, state and name still fits the frame.
    const fits = await client.send({ id: 'i'.repeat(64), state: 'note', name: 'setText', payload: 'y'.repeat(998) });
    expect(fits).toEqual({ ok: true });
    expect(client.socket.connected).toBe(true);
  });
});
