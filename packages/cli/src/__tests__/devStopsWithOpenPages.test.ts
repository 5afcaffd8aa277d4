import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CoreChild, freePort, makeProject, removeProject } from './support/coreProject.js';

// Regression: `core dev` did not exit on SIGTERM (Ctrl+C) while a page was open: the http server
// it shares with Vite waited for the page's HMR websocket, which Vite was only told to close later.
let project: string;
let dev: CoreChild;
const sockets: Socket[] = [];
beforeEach(() => {
  project = makeProject();
});
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await dev?.kill();
  removeProject(project);
});

/** Opens the websocket a page's Vite client opens (protocol `vite-hmr`) and keeps it open. */
function openHmrSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('core-cli-testkey').toString('base64'),
        'Sec-WebSocket-Protocol': 'vite-hmr',
      },
    });
    req.once('upgrade', (_res, socket) => {
      sockets.push(socket);
      socket.resume(); // read (and drop) what the server sends, so its close is noticed
      resolve(socket);
    });
    req.once('response', (res) => reject(new Error(`expected an upgrade, got HTTP ${res.statusCode}`)));
    req.once('error', reject);
    req.end();
  });
}

it('core dev exits on SIGTERM while a page keeps its HMR websocket open', async () => {
  const port = await freePort();
  dev = new CoreChild(['dev', '--port', String(port)], project);
  await dev.waitForOutput('ready at');
  const socket = await openHmrSocket(port);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  dev.terminate();
  const exit = await Promise.race([
    dev.exited,
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000)),
  ]);
  expect(exit).toBe(0);
  await closed;
});
