import { createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { patchMessage } from '@core/state/internal';
import { io as connect } from 'socket.io-client';
import { Encoder, PacketType } from 'socket.io-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonEncoder } from '../jsonEncoder.js';

const patch = {
  seq: 7,
  patches: [{ op: 'replace', path: ['counter', 'items', 3, 'title'], value: 'é "quoted" \u2028' }],
  eventId: 'page-1',
  epoch: 'abc',
};

describe('JsonEncoder', () => {
  it("writes the framework's messages exactly as socket.io's default encoder does", () => {
    // Proves the wire text is unchanged: any client keeps decoding what the server sends.
    const packets = [
      { type: PacketType.EVENT, nsp: '/', data: ['core:patch', patch] },
      {
        type: PacketType.EVENT,
        nsp: '/',
        data: ['core:hydrate', { token: 't', seq: 0, state: { a: { b: [1, null] } } }],
      },
      { type: PacketType.EVENT, nsp: '/', id: 12, data: ['core:call', { name: 'width' }] },
      { type: PacketType.EVENT, nsp: '/admin', data: ['core:ack', { ok: true, id: 'x' }] },
      { type: PacketType.ACK, nsp: '/', id: 3, data: [{ ok: true }] },
      { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
    ];
    for (const packet of packets) expect(new JsonEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
  });

  it('writes a patch from the JSON made once per update, byte for byte what the default encoder writes', () => {
    const update = {
      seq: 3,
      patches: [{ op: 'replace' as const, path: ['list', 'items', 7, 'done'], value: true }],
      eventId: 'p-1',
    };
    for (const [key, epoch] of [
      ['token', 'e1'],
      ['@room:lobby', 'e2'],
      ['token', ''],
    ]) {
      const message = patchMessage(update, key, epoch);
      for (const packet of [
        { type: PacketType.EVENT, nsp: '/', data: ['core:patch', message] },
        { type: PacketType.EVENT, nsp: '/admin', id: 4, data: ['core:patch', message] },
      ]) {
        expect(new JsonEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
      }
    }
  });

  it("keeps binary attachments for an app's own events", () => {
    // Proves the shortcut is limited to core:* messages: an app's binary emit still works.
    const packet = { type: PacketType.EVENT, nsp: '/', data: ['file', Buffer.from([1, 2, 3])] };
    const encoded = new JsonEncoder().encode(packet);
    expect(encoded).toEqual(new Encoder().encode(packet));
    expect(encoded.length).toBe(2); // the packet text and one binary attachment
  });
});

describe('a server with the JSON encoder', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("carries an app's binary event on server.io to a stock socket.io client", async () => {
    const Counter = defineState('counter', { vars: { n: 0 }, events: {} });
    const server = createServer({
      app: createApp({ states: [Counter], logger: silentLogger }),
      secret: 'test-secret-0123456789abcdef',
      logger: silentLogger,
    });
    close = () => server.close();
    const { url } = await server.listen(0, '127.0.0.1');
    // An app event beyond the typed protocol: reached through an untyped view of the socket.
    server.io.on('connection', (socket) =>
      (socket as unknown as { emit(name: string, data: Buffer): void }).emit('bytes', Buffer.from([9, 8, 7])),
    );
    const client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const received = await new Promise<ArrayBuffer | Buffer>((resolve) => client.on('bytes', resolve));
      expect([...new Uint8Array(received)]).toEqual([9, 8, 7]);
    } finally {
      client.disconnect();
    }
  });
});
