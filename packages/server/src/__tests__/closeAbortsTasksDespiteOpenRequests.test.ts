import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { expect, it } from 'vitest';

let aborted = false;
const Poller = defineState('poller', {
  vars: { ticks: 0 },
  events: {},
  background: {
    async poll(task) {
      await new Promise<void>((resolve) => task.signal.addEventListener('abort', () => resolve()));
      aborted = true;
    },
  },
});

it('server.close() aborts background tasks while an HTTP request is still being answered', async () => {
  const app = createApp({ states: [Poller], logger: silentLogger });
  let finishRequest!: () => void;
  const server = createServer({
    app,
    secret: 'test-secret-0123456789',
    cwd: mkdtempSync(path.join(os.tmpdir(), 'core-close-')),
    dev: false,
    middlewares: [
      (req, res, next) => {
        if (req.url !== '/slow') return next();
        finishRequest = () => res.end('done');
      },
    ],
  });
  const { port } = await server.listen(0);
  await app.dispatch('tok', Poller.poll());
  const answered = new Promise<string>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/slow', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
  await expect.poll(() => typeof finishRequest).toBe('function'); // the request is open
  const closed = server.close();
  await expect.poll(() => aborted).toBe(true);
  finishRequest();
  expect(await answered).toBe('done');
  await closed;
});
