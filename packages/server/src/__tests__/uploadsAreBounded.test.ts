import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type ServerOptions } from '@core/server';
import { createApp, defineState, silentLogger, uploadHandler } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';
import { type HeldUpload, heldUpload, multipartBody, upload } from './uploadClient.js';

/**
 * Issue 23 item 6: 40 parallel uploads of one token whose page had gone held 401 MB in the
 * temporary folder. Uploads in progress are now bounded per token, per address and per process,
 * and an upload whose page is gone is dropped.
 */

let handled = 0;
const Files = defineState('files', {
  vars: { n: 0 },
  events: {
    receive: uploadHandler((s) => {
      handled += 1;
      s.n += 1;
    }),
  },
});
const target = { state: 'files', handler: 'receive' };
const servers: CoreServer[] = [];
const clients: TestClient[] = [];
const held: HeldUpload[] = [];

afterEach(async () => {
  for (const upload of held.splice(0)) upload.destroy();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  handled = 0;
});

async function start(options: Partial<ServerOptions> = {}) {
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'core-upload-bounds-'));
  const server = createServer({
    app: createApp({ states: [Files], logger: silentLogger }),
    secret: 'bounds-secret-0123456789',
    logger: silentLogger,
    dev: false,
    uploadDir,
    ...options,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  return { url, uploadDir };
}

async function page(url: string) {
  const client = await connectClient(url);
  clients.push(client);
  return { client, token: (await client.firstHydrate).token };
}

/** A big file's body, of which only the first 64 KiB are sent: the upload stays in progress. */
const big = multipartBody([{ filename: 'big.bin', content: Buffer.alloc(1024 * 1024, 7) }]);
function holdOne(url: string, token: string): HeldUpload {
  const upload = heldUpload(url, token, target, big);
  upload.send(0, 64 * 1024);
  held.push(upload);
  return upload;
}

describe('uploads in progress', () => {
  it('are limited to 10 per token by default: the 11th is refused at once with 429, and a slot frees when one ends', async () => {
    const { url, uploadDir } = await start();
    const { token } = await page(url);
    const ten = Array.from({ length: 10 }, () => holdOne(url, token));
    // Each of the ten is past its checks and writing its temporary file.
    await expect.poll(() => readdirSync(uploadDir).length).toBe(10);
    const started = Date.now();
    const eleventh = await upload(url, token, target, [{ filename: 'a.txt', content: 'a' }]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(eleventh).toMatchObject({ status: 429, json: { ok: false, error: { code: 'TOO_MANY_UPLOADS' } } });
    if ('json' in eleventh && !eleventh.json.ok) expect(eleventh.json.error.message).toMatch(/10 uploads in progress/);
    ten[0].destroy();
    await expect
      .poll(async () => ('status' in (await upload(url, token, target, [{ filename: 'b.txt', content: 'b' }])) ? 1 : 0))
      .toBe(1);
    expect(handled).toBe(1);
  });

  it('are limited per client address (429) and per process (503), whichever tab they come from', async () => {
    const perAddress = await start({ maxUploadsPerIp: 3 });
    const tabs = await Promise.all([1, 2, 3, 4].map(() => page(perAddress.url)));
    for (const tab of tabs.slice(0, 3)) holdOne(perAddress.url, tab.token);
    await expect.poll(() => readdirSync(perAddress.uploadDir).length).toBe(3);
    const refused = await upload(perAddress.url, tabs[3].token, target, [{ filename: 'a.txt', content: 'a' }]);
    expect(refused).toMatchObject({ status: 429, json: { error: { code: 'TOO_MANY_UPLOADS' } } });
    if ('json' in refused && !refused.json.ok) expect(refused.json.error.message).toMatch(/maxUploadsPerIp/);

    const perProcess = await start({ maxUploads: 2 });
    const others = await Promise.all([1, 2, 3].map(() => page(perProcess.url)));
    for (const tab of others.slice(0, 2)) holdOne(perProcess.url, tab.token);
    await expect.poll(() => readdirSync(perProcess.uploadDir).length).toBe(2);
    const busy = await upload(perProcess.url, others[2].token, target, [{ filename: 'a.txt', content: 'a' }]);
    expect(busy).toMatchObject({ status: 503, json: { error: { code: 'UPLOADS_BUSY' } } });
    expect(handled).toBe(0);
  });

  it('of a tab without a connected page are refused before the body is read (410), running nothing', async () => {
    const { url, uploadDir } = await start();
    const { client, token } = await page(url);
    client.close();
    const answer = await upload(url, token, target, [{ filename: 'a.txt', content: 'a' }]);
    expect(answer).toMatchObject({ status: 410, json: { ok: false, error: { code: 'PAGE_GONE' } } });
    expect(readdirSync(uploadDir)).toEqual([]);
    expect(handled).toBe(0);
  });

  it('are dropped when their page goes away mid-body: the temporary file is deleted and the handler never runs', async () => {
    const { url, uploadDir } = await start();
    const { client, token } = await page(url);
    const upload = holdOne(url, token);
    await expect.poll(() => readdirSync(uploadDir).length).toBe(1);
    client.close();
    // Checked every 2 s while the body is read.
    const answer = await upload.answer;
    expect(answer).toMatchObject({ status: 410, json: { error: { code: 'PAGE_GONE' } } });
    await expect.poll(() => readdirSync(uploadDir)).toEqual([]);
    expect(handled).toBe(0);
  });

  it('refuse invalid limit options when the server is created', () => {
    const app = createApp({ states: [Files], logger: silentLogger });
    expect(() => createServer({ app, secret: 'bounds-secret-0123456789', maxUploadsPerToken: 0 })).toThrow(
      /maxUploadsPerToken must be a positive integer; got 0/,
    );
  });
});
