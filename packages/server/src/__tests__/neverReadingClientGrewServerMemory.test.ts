import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Issue 23 item 2: what the server queued for a socket (acks and error acks above all) had no
 * bound. A raw websocket that sent events and never read what came back — answering the heartbeat
 * blindly, so socket.io kept it — grew the server by over 100 MB in 15 s. The server now stops
 * reading a socket whose queue is past its bound, until the page has read it.
 */

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'floodServer.mjs');
const FLOOD_MS = 15_000;
const MB = 1024 * 1024;

let child: ChildProcess | undefined;
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  child?.kill('SIGKILL');
  child = undefined;
});

/** A masked websocket text frame (a zero mask: the payload goes as it is). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 255]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** A socket.io connection over a raw websocket that, once upgraded, never reads again. */
async function neverReadingSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  socket.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  // Read up to socket.io's answer to the namespace connect (events sent before it would close the
  // connection), then never again.
  let read = '';
  let sentConnect = false;
  const connected = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      read += chunk.toString('latin1');
      if (read.startsWith('HTTP/1.1 101') && read.includes('\r\n\r\n') && !sentConnect) {
        sentConnect = true;
        socket.write(frame('40'));
      }
      if (!read.includes('40{"sid"')) return;
      socket.off('data', onData);
      socket.pause();
      resolve();
    };
    socket.on('data', onData);
  });
  await connected;
  return socket;
}

/**
 * Writes `batch` over and over until `until`, as fast as the server reads it, answering the
 * heartbeat blindly (`3`, a pong, every 200 ms) when asked.
 */
async function flood(socket: Socket, batch: Buffer, until: number, pongs: boolean): Promise<void> {
  const pong = frame('3');
  let lastPong = 0;
  while (Date.now() < until) {
    if (pongs && Date.now() - lastPong > 200) {
      socket.write(pong);
      lastPong = Date.now();
    }
    if (socket.write(batch)) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    // The server stopped reading: wait for it, or for the end of the flood.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(200, Math.max(0, until - Date.now())));
      socket.once('drain', done);
      function done() {
        clearTimeout(timer);
        socket.off('drain', done);
        resolve();
      }
    });
  }
}

/** `n` copies of `make(i)` as websocket frames, in one buffer. */
function batchOf(n: number, make: (i: number) => string): Buffer {
  return Buffer.concat(Array.from({ length: n }, (_, i) => frame(make(i))));
}

describe('a client that never reads', () => {
  it('does not leave the server holding more than 64 MB above its baseline after 15 s of flooding, blind pongs or not', async () => {
    const server = fork(script, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child = server;
    const warnings: string[] = [];
    let rssAnswer: ((rss: number) => void) | undefined;
    const port = await new Promise<number>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
      server.on('message', (message: { port?: number; warn?: string; rss?: number }) => {
        if (message.port) resolve(message.port);
        if (message.warn) warnings.push(message.warn);
        if (message.rss) rssAnswer?.(message.rss);
      });
    });
    const rss = () =>
      new Promise<number>((resolve) => {
        rssAnswer = resolve;
        server.send('rss');
      });

    const baseline = await rss();
    const until = Date.now() + FLOOD_MS;
    // One sends events the server refuses (each gets an error ack naming the handler twice) and
    // answers the heartbeat blindly; the other sends valid events (each runs, then is acknowledged)
    // and does not answer it.
    const tooDeep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const unknown = batchOf(
      200,
      (i) =>
        `42${i}["core:event",{"id":"u${i}","state":"${'s'.repeat(128)}","name":"${'n'.repeat(128)}","payload":${tooDeep}}]`,
    );
    const valid = batchOf(
      200,
      (i) => `42["core:event",{"id":"v${i}-${'x'.repeat(56)}","state":"counter","name":"add","payload":1}]`,
    );
    await Promise.all([
      neverReadingSocket(port).then((socket) => flood(socket, unknown, until, true)),
      neverReadingSocket(port).then((socket) => flood(socket, valid, until, false)),
    ]);
    const after = await rss();

    expect((after - baseline) / MB).toBeLessThan(64);
    // Each socket past its bound is logged once, not once per message.
    expect(warnings.filter((warning) => /stopped reading/.test(warning))).toHaveLength(2);
  }, 40_000);
});
