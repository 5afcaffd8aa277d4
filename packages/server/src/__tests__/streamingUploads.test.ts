import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type ServerOptions } from '@core/server';
import { createApp, defineState, silentLogger, uploadHandler, uploadStreamHandler } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectClient, type TestClient } from './socketClient.js';
import { type HeldUpload, heldUpload, multipartBody, upload } from './uploadClient.js';

/**
 * Issue 28, uploads: a streaming upload handler (chunks as they arrive, progress on each, several
 * files per request, a cancelled upload keeps what the handler wrote), arguments bound to an
 * upload handler and checked like payloads, and a handler waiting for the tab's lock that does
 * not hold the request body forever.
 */

const saveDir = mkdtempSync(path.join(os.tmpdir(), 'core-stream-saved-'));
const Uploads = defineState('uploads', {
  vars: { received: 0, saved: [] as string[], aborted: '' },
  events: {
    receive: uploadStreamHandler(async (upload) => {
      for await (const file of upload.files) {
        const out = createWriteStream(path.join(saveDir, path.basename(file.name)));
        try {
          for await (const chunk of file) {
            out.write(chunk);
            upload.progress((s) => {
              s.received = file.received;
            });
          }
        } catch (error) {
          // Cancelled: keep what was written, say so.
          await upload.modify((s) => {
            s.aborted = (error as Error).name;
          });
          throw error;
        } finally {
          await new Promise((resolve) => out.end(resolve));
        }
        await upload.modify((s) => {
          s.saved.push(`${file.name}:${file.received}`);
        });
      }
    }),
    receiveInto: uploadStreamHandler({ args: z.object({ folder: z.enum(['docs', 'avatars']) }) }, async (upload) => {
      for await (const file of upload.files) {
        for await (const _chunk of file) {
          // read through
        }
        await upload.modify((s) => {
          s.saved.push(`${upload.args.folder}/${file.name}`);
        });
      }
    }),
    lockPerChunk: uploadStreamHandler(async (upload) => {
      for await (const file of upload.files) {
        for await (const chunk of file) {
          await upload.modify((s) => {
            s.received += chunk.length;
          });
        }
      }
    }),
    fileInto: uploadHandler({ args: z.object({ folder: z.string().max(8) }) }, (s, file) => {
      s.saved.push(`${file.args.folder}/${file.name}:${readFileSync(file.path, 'utf8')}`);
    }),
  },
});
const servers: CoreServer[] = [];
const clients: TestClient[] = [];
const held: HeldUpload[] = [];

afterEach(async () => {
  for (const upload of held.splice(0)) upload.destroy();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<ServerOptions> = {}) {
  const app = createApp({ states: [Uploads], logger: silentLogger });
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'core-stream-tmp-'));
  const server = createServer({
    app,
    secret: 'stream-secret-0123456789',
    logger: silentLogger,
    dev: true,
    uploadDir,
    ...options,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  const client = await connectClient(url);
  clients.push(client);
  const { token } = await client.firstHydrate;
  return { app, url, token, uploadDir };
}

const to = (handler: string) => ({ state: 'uploads', handler });

describe('a streaming upload handler', () => {
  it('gets each file of the request as its chunks arrive, with progress before the body is complete', async () => {
    const { app, url, token, uploadDir } = await start();
    const first = Buffer.alloc(512 * 1024, 'a');
    const body = multipartBody([
      { filename: 'one.bin', content: first },
      { filename: 'two.txt', content: 'hello', type: 'text/plain' },
    ]);
    const request = heldUpload(url, token, to('receive'), body);
    held.push(request);
    request.send(0, 200 * 1024);
    // Part of the first file is in the handler (and in the state) while the rest is not even sent.
    await expect.poll(async () => (await app.snapshot(token)).uploads.received).toBeGreaterThan(64 * 1024);
    expect((await app.snapshot(token)).uploads.saved).toEqual([]);
    request.send(200 * 1024);
    request.end();
    expect(await request.answer).toEqual({ status: 200, json: { ok: true, size: first.length + 5 } });
    expect((await app.snapshot(token)).uploads.saved).toEqual([`one.bin:${first.length}`, 'two.txt:5']);
    expect(readFileSync(path.join(saveDir, 'one.bin')).equals(first)).toBe(true);
    expect(readFileSync(path.join(saveDir, 'two.txt'), 'utf8')).toBe('hello');
    // Nothing went through the temporary folder.
    expect(readdirSync(uploadDir)).toEqual([]);
  });

  it('keeps the partial file it wrote when the upload is cancelled, and sees the cancel as an abort', async () => {
    const { app, url, token } = await start();
    const body = multipartBody([{ filename: 'cut.bin', content: Buffer.alloc(2 * 1024 * 1024, 'c') }]);
    const request = heldUpload(url, token, to('receive'), body);
    held.push(request);
    request.send(0, 300 * 1024);
    const partial = path.join(saveDir, 'cut.bin');
    await expect.poll(() => (existsSync(partial) ? statSync(partial).size : 0)).toBeGreaterThan(64 * 1024);
    request.destroy();
    await expect.poll(async () => (await app.snapshot(token)).uploads.aborted).toBe('AbortError');
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(64 * 1024);
    expect(kept).toBeLessThan(2 * 1024 * 1024);
    expect((await app.snapshot(token)).uploads.saved).toEqual([]);
  });

  it('reads the whole body while another step holds the tab lock; only its modify blocks wait', async () => {
    const { app, url, token } = await start();
    let release!: () => void;
    const holding = app.modifyState(token, () => new Promise<void>((resolve) => (release = resolve)));
    const content = Buffer.alloc(300 * 1024, 'h');
    const answer = upload(url, token, to('receive'), [{ filename: 'held.bin', content }]);
    // The body is read to its end (and written by the handler) with the lock still held.
    await expect
      .poll(() => (existsSync(path.join(saveDir, 'held.bin')) ? statSync(path.join(saveDir, 'held.bin')).size : 0))
      .toBe(content.length);
    release();
    await holding;
    expect(await answer).toEqual({ status: 200, json: { ok: true, size: content.length } });
    expect((await app.snapshot(token)).uploads.received).toBe(content.length);
  });

  it('that leaves its next chunk unread while it waits for the lock is ended after uploadStallTimeout (408), not held forever', async () => {
    const { app, url, token } = await start({ uploadStallTimeout: 300 });
    let release!: () => void;
    const holding = app.modifyState(token, () => new Promise<void>((resolve) => (release = resolve)));
    const started = Date.now();
    const answer = await upload(url, token, to('lockPerChunk'), [
      { filename: 'slow.bin', content: Buffer.alloc(1024 * 1024, 's') },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatchObject({ status: 408, json: { ok: false, error: { code: 'UPLOAD_STALLED' } } });
    if ('json' in answer && !answer.json.ok)
      expect(answer.json.error.message).toMatch(/left the upload unread for 300 ms/);
    release();
    await holding;
  });

  it('counts the files of a request together against maxUploadBytes', async () => {
    const { url, token } = await start({ maxUploadBytes: 100_000 });
    const answer = await upload(url, token, to('receive'), [
      { filename: 'x1.bin', content: Buffer.alloc(60_000) },
      { filename: 'x2.bin', content: Buffer.alloc(60_000) },
    ]);
    expect(answer).toMatchObject({ status: 413, json: { error: { code: 'UPLOAD_TOO_LARGE' } } });
  });
});

describe('arguments bound to an upload', () => {
  it('are checked by the handler schema before the body is stored (400 naming the field), then reach the handler', async () => {
    const { app, url, token, uploadDir } = await start();
    const file = { filename: 'a.txt', content: 'abc', type: 'text/plain' };
    const refused = await upload(url, token, to('receiveInto'), [
      { field: 'args', value: '{"folder":"../etc"}' },
      file,
    ]);
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 'INVALID_UPLOAD' } } });
    if ('json' in refused && !refused.json.ok) {
      expect(refused.json.error.message).toMatch(/upload arguments of uploads\.receiveInto are invalid at "folder"/);
    }
    expect(await upload(url, token, to('receiveInto'), [file])).toMatchObject({ status: 400 });
    expect(await upload(url, token, to('receiveInto'), [{ field: 'args', value: 'not json' }, file])).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringMatching(/are not JSON/) } },
    });
    // Arguments come before the files.
    expect(
      await upload(url, token, to('receiveInto'), [file, { field: 'args', value: '{"folder":"docs"}' }]),
    ).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/before its files/) } } });
    expect((await app.snapshot(token)).uploads.saved).toEqual([]);

    const accepted = await upload(url, token, to('receiveInto'), [{ field: 'args', value: '{"folder":"docs"}' }, file]);
    expect(accepted).toEqual({ status: 200, json: { ok: true, size: 3 } });
    const into = await upload(url, token, to('fileInto'), [{ field: 'args', value: '{"folder":"avatars"}' }, file]);
    expect(into).toEqual({ status: 200, json: { ok: true, size: 3 } });
    const tooLong = await upload(url, token, to('fileInto'), [
      { field: 'args', value: '{"folder":"much-too-long"}' },
      file,
    ]);
    expect(tooLong).toMatchObject({ status: 400 });
    expect((await app.snapshot(token)).uploads.saved).toEqual(['docs/a.txt', 'avatars/a.txt:abc']);
    await expect.poll(() => readdirSync(uploadDir)).toEqual([]);
  });
});
