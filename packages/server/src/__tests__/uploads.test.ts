import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { createRedisScaleOut, type RedisScaleOut } from '@core/server/redis';
import { createApp, defineState, silentLogger, uploadHandler } from '@core/state';
import type { UploadResponse } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { connectClient, type TestClient } from './socketClient.js';

const seen: { name: string; type: string; size: number; content: string }[] = [];

const Files = defineState('files', {
  vars: { last: '' },
  events: {
    receive: uploadHandler((s, file) => {
      const content = readFileSync(file.path, 'utf8');
      seen.push({ name: file.name, type: file.type, size: file.size, content });
      s.last = `${file.name}: ${Buffer.byteLength(content)} bytes`;
    }),
    plain(s) {
      s.last = 'plain';
    },
  },
});

const SECRET = 'upload-secret-0123456789';
const servers: CoreServer[] = [];
const clients: TestClient[] = [];
const scaleOuts: RedisScaleOut[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(scaleOuts.splice(0).map((s) => s.close()));
  seen.length = 0;
});

async function start(options: { maxUploadBytes?: number; scaleOut?: RedisScaleOut } = {}) {
  const app = createApp({ states: [Files], logger: silentLogger, stateManager: options.scaleOut?.stateManager });
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'core-upload-test-'));
  const server = createServer({
    app,
    secret: SECRET,
    logger: silentLogger,
    dev: false,
    maxUploadBytes: options.maxUploadBytes,
    uploadDir,
    ...(options.scaleOut ? { socket: { adapter: options.scaleOut.adapter } } : {}),
  });
  servers.push(server);
  const { url } = await server.listen(0);
  return { app, url, uploadDir };
}

async function page(url: string) {
  const client = await connectClient(url);
  clients.push(client);
  const { token } = await client.firstHydrate;
  return { client, token };
}

function multipart(name: string, content: Buffer | string, type = 'text/plain') {
  const boundary = `----core${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

interface PostOptions {
  token?: string;
  handler?: string;
  /** Send the body in chunks without Content-Length, stopping (and aborting) after `abortAfter` bytes. */
  chunked?: boolean;
  abortAfter?: number;
  /** Resolves when the connection may be cut (the server holds a temporary file by then). */
  beforeAbort?: () => Promise<unknown>;
}

function post(url: string, body: Buffer, contentType: string, options: PostOptions = {}) {
  return new Promise<{ status: number; json: UploadResponse } | { aborted: true }>((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (options.token) headers['x-core-token'] = options.token;
    if (!options.chunked) headers['Content-Length'] = String(body.length);
    const req = request(
      `${url}/_core/upload?state=files&handler=${options.handler ?? 'receive'}`,
      { method: 'POST', headers },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', (error) => (options.abortAfter !== undefined ? resolve({ aborted: true }) : reject(error)));
    if (options.abortAfter !== undefined) {
      req.write(body.subarray(0, options.abortAfter));
      void (options.beforeAbort?.() ?? Promise.resolve()).then(() => req.destroy());
      return;
    }
    if (!options.chunked) {
      req.end(body);
      return;
    }
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    req.end();
  });
}

describe('the upload endpoint', () => {
  it('streams the file to a temporary file, runs the upload handler with it, then deletes it', async () => {
    const { url, uploadDir } = await start();
    const { client, token } = await page(url);
    const { body, contentType } = multipart('hello.txt', 'hello');
    const answer = await post(url, body, contentType, { token });
    expect(answer).toEqual({ status: 200, json: { ok: true, size: 5 } });
    expect(seen).toEqual([{ name: 'hello.txt', type: 'text/plain', size: 5, content: 'hello' }]);
    await expect
      .poll(() => client.patches.at(-1)?.patches)
      .toEqual([{ op: 'replace', path: ['files', 'last'], value: 'hello.txt: 5 bytes' }]);
    expect(readdirSync(uploadDir)).toEqual([]);
  });

  it('refuses a request without a valid token (401) and runs nothing', async () => {
    const { url } = await start();
    const { token } = await page(url);
    const { body, contentType } = multipart('a.txt', 'x');
    for (const bad of [undefined, `${token.split('.')[0]}.forged`, 'x']) {
      const answer = await post(url, body, contentType, { token: bad });
      expect(answer).toMatchObject({ status: 401, json: { ok: false, error: { code: 'INVALID_TOKEN' } } });
    }
    expect(seen).toEqual([]);
  });

  it('refuses a handler that is not an upload handler (404)', async () => {
    const { url } = await start();
    const { token } = await page(url);
    const { body, contentType } = multipart('a.txt', 'x');
    const answer = await post(url, body, contentType, { token, handler: 'plain' });
    expect(answer).toMatchObject({ status: 404, json: { error: { code: 'UNKNOWN_HANDLER' } } });
  });

  it('refuses an oversized file by its Content-Length before reading the body, keeping nothing', async () => {
    const { url, uploadDir } = await start({ maxUploadBytes: 1024 });
    const { token } = await page(url);
    const { body, contentType } = multipart('big.bin', Buffer.alloc(200_000, 1));
    const answer = await post(url, body, contentType, { token });
    expect(answer).toMatchObject({ status: 413, json: { error: { code: 'UPLOAD_TOO_LARGE' } } });
    if ('json' in answer && !answer.json.ok)
      expect(answer.json.error.message).toMatch(/over the upload limit of 1024 bytes/);
    expect(seen).toEqual([]);
    expect(readdirSync(uploadDir)).toEqual([]);
  });

  it('cuts off an oversized body sent without Content-Length at the limit, keeping nothing', async () => {
    const { url, uploadDir } = await start({ maxUploadBytes: 100_000 });
    const { token } = await page(url);
    const { body, contentType } = multipart('big.bin', Buffer.alloc(300_000, 1));
    const answer = await post(url, body, contentType, { token, chunked: true });
    expect(answer).toMatchObject({ status: 413, json: { error: { code: 'UPLOAD_TOO_LARGE' } } });
    expect(seen).toEqual([]);
    await expect.poll(() => readdirSync(uploadDir)).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    const { url } = await start({ maxUploadBytes: 100_000 });
    const { token } = await page(url);
    const { body, contentType } = multipart('edge.bin', Buffer.alloc(100_000, 97));
    expect(await post(url, body, contentType, { token, chunked: true })).toEqual({
      status: 200,
      json: { ok: true, size: 100_000 },
    });
  });

  it('drops an upload aborted mid-body: no handler runs, no file stays', async () => {
    const { url, uploadDir } = await start();
    const { token } = await page(url);
    const { body, contentType } = multipart('cut.bin', Buffer.alloc(500_000, 1));
    const answer = await post(url, body, contentType, {
      token,
      abortAfter: 200_000,
      beforeAbort: () => expect.poll(() => readdirSync(uploadDir).length).toBe(1),
    });
    expect(answer).toEqual({ aborted: true });
    await expect.poll(() => readdirSync(uploadDir)).toEqual([]);
    expect(seen).toEqual([]);
  });
});

const redis = useRedisServer();

describe.skipIf(!redis)('the upload endpoint behind two processes', () => {
  it('takes an upload on the process the page is not connected to, and the page gets the update', async () => {
    const keyPrefix = `upload:${randomUUID()}:`;
    const one = await createRedisScaleOut({ url: redis?.url, keyPrefix });
    const two = await createRedisScaleOut({ url: redis?.url, keyPrefix });
    scaleOuts.push(one, two);
    const a = await start({ scaleOut: one });
    const b = await start({ scaleOut: two });
    const { client, token } = await page(a.url);
    const { body, contentType } = multipart('far.txt', 'far away');
    expect(await post(b.url, body, contentType, { token })).toEqual({ status: 200, json: { ok: true, size: 8 } });
    await expect
      .poll(() => client.patches.at(-1)?.patches)
      .toEqual([{ op: 'replace', path: ['files', 'last'], value: 'far.txt: 8 bytes' }]);
  });
});
