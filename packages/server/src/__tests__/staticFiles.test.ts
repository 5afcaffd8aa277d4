import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { type CoreServer, createServer } from '@core/server';
import { createApp, type Logger, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';

const HASHED = '/assets/index-BkZ3x_9a.js';
const SCRIPT = 'console.log("the page");'.repeat(100);

const servers: CoreServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A built client in `<tmp>/client` and, beside it, a folder `<tmp>/client-x` it must not leak. */
function makeClient(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'core-static-'));
  const client = path.join(parent, 'client');
  mkdirSync(path.join(client, 'assets'), { recursive: true });
  writeFileSync(path.join(client, 'index.html'), '<!doctype html><title>the app</title>');
  writeFileSync(path.join(client, HASHED), SCRIPT);
  writeFileSync(path.join(client, `${HASHED}.br`), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(client, `${HASHED}.gz`), gzipSync(SCRIPT));
  writeFileSync(path.join(client, 'robots.txt'), 'User-agent: *');
  writeFileSync(path.join(client, 'doomed.txt'), 'deleted before it is read');
  writeFileSync(path.join(client, '.env'), 'SECRET=1');
  mkdirSync(path.join(parent, 'client-x'));
  writeFileSync(path.join(parent, 'client-x', 'f'), 'sibling secret');
  return client;
}

async function start(logger: Logger = silentLogger) {
  const staticDir = makeClient();
  const server = createServer({
    app: createApp({ states: [] }),
    secret: 'test-secret-0123456789',
    cwd: path.dirname(staticDir),
    logger,
    dev: false,
    staticDir,
  });
  servers.push(server);
  const { port } = await server.listen(0);
  return { port, staticDir };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with the path sent exactly as written (fetch would normalise `..`). */
function get(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const NAVIGATE = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' };

describe('static files', () => {
  it('caches content-hashed assets for a year, everything else with revalidation, and says nosniff', async () => {
    const { port } = await start();
    const asset = await get(port, HASHED);
    expect(asset.status).toBe(200);
    expect(asset.body.toString()).toBe(SCRIPT);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    const page = await get(port, '/', NAVIGATE);
    expect(page.body.toString()).toContain('the app');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get(port, '/robots.txt')).headers['cache-control']).toBe('no-cache');
  });

  it('answers a matching If-None-Match with 304', async () => {
    const { port } = await start();
    const first = await get(port, '/robots.txt');
    expect(first.headers.etag).toBeTruthy();
    const again = await get(port, '/robots.txt', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('sends the brotli or gzip file beside a text asset when the browser accepts it', async () => {
    const { port } = await start();
    const br = await get(port, HASHED, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 5);
    const gz = await get(port, HASHED, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get(port, HASHED);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('serves index.html for a navigation to a client-side route, not cached immutable', async () => {
    const { port } = await start();
    const route = await get(port, '/users/7', NAVIGATE);
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('the app');
    expect(route.headers['cache-control']).toBe('no-cache');
    // Without Sec-Fetch-Mode (older browsers), Accept decides.
    expect((await get(port, '/users/7', { accept: 'text/html' })).status).toBe(200);
  });

  it('serves index.html to curl and health checks (Accept */* or none) for a client-side route, as Vite does; not for a file path or an image', async () => {
    const { port } = await start();
    const requests: Record<string, string>[] = [
      { accept: '*/*' },
      {},
      { accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
    ];
    for (const headers of requests) {
      const route = await get(port, '/users/7', headers);
      expect(route.status).toBe(200);
      expect(route.headers['content-type']).toMatch(/^text\/html/);
      expect(route.body.toString()).toContain('the app');
      expect((await get(port, '/missing.txt', headers)).status).toBe(404);
    }
    const image = { accept: 'image/avif,image/webp,*/*;q=0.8', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' };
    expect((await get(port, '/avatar', image)).status).toBe(404);
  });

  it('answers a missing /assets/ file with 404, never with the page (not even for a navigation)', async () => {
    const { port } = await start();
    for (const headers of [{ accept: '*/*', 'sec-fetch-mode': 'no-cors' }, NAVIGATE, { accept: 'text/html' }]) {
      const missing = await get(port, '/assets/index-Zzzzzzzz.js', headers);
      expect(missing.status).toBe(404);
      expect(missing.headers['cache-control']).toBeUndefined();
    }
    expect((await get(port, '/favicon.ico', { accept: 'image/*', 'sec-fetch-mode': 'no-cors' })).status).toBe(404);
  });

  it('reads nothing outside its folder: not a sibling folder sharing its name prefix, not dotfiles', async () => {
    const { port } = await start();
    for (const attempt of [
      '/..%2fclient-x/f',
      '/../client-x/f',
      '/%2e%2e/client-x/f',
      '/assets/..%2f..%2fclient-x/f',
    ]) {
      // Without Accept a path with no file extension is a page request: the page or 404, never the file.
      const reply = await get(port, attempt);
      expect(reply.body.toString(), attempt).not.toContain('sibling secret');
      expect(reply.status === 404 || reply.body.toString().includes('the app'), attempt).toBe(true);
      expect((await get(port, attempt, { accept: 'application/json' })).status, attempt).toBe(404);
    }
    expect((await get(port, '/.env')).status).toBe(404);
  });

  it('survives a file that cannot be read: that response ends, the process and the next requests go on', async () => {
    const errors: string[] = [];
    const { port, staticDir } = await start({ ...silentLogger, error: (message) => errors.push(message) });
    rmSync(path.join(staticDir, 'doomed.txt')); // listed at start, gone when read
    await get(port, '/doomed.txt').catch(() => undefined); // the connection is cut mid-response
    expect(errors).toEqual(['Reading a static file failed']);
    expect((await get(port, '/robots.txt')).status).toBe(200);
  });

  it('ignores a Range it cannot honour instead of failing the request', async () => {
    const { port } = await start();
    const reversed = await get(port, '/robots.txt', { range: 'bytes=9-2' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.toString()).toBe('User-agent: *');
    const partial = await get(port, '/robots.txt', { range: 'bytes=5-' });
    expect(partial.status).toBe(206);
    expect(partial.body.toString()).toBe('agent: *');
  });
});
