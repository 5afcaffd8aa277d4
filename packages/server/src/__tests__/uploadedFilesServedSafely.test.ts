import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, sendUploadedFile, serveUploadedFiles } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from './httpRequest.js';

/**
 * Issue 28, uploads: serving an uploaded file safely. Whatever an uploader put in a file, the
 * browser must not run it on the app's origin: no sniffing, the type from the extension, active
 * types (HTML, SVG, ...) downloaded rather than shown.
 */

const Nothing = defineState('nothing', { vars: { n: 0 }, events: {} });
const servers: CoreServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const outside = mkdtempSync(path.join(os.tmpdir(), 'core-served-outside-'));
writeFileSync(path.join(outside, 'secret.txt'), 'not for you');
const dir = mkdtempSync(path.join(os.tmpdir(), 'core-served-'));
mkdirSync(path.join(dir, 'sub'));
writeFileSync(path.join(dir, 'page.html'), '<script>alert(document.cookie)</script>');
writeFileSync(path.join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
writeFileSync(path.join(dir, 'photo.png'), '<html><script>alert(1)</script></html>'); // a lie: HTML named .png
writeFileSync(path.join(dir, 'notes.txt'), 'plain');
writeFileSync(path.join(dir, 'sub', 'data.bin'), 'raw');
writeFileSync(path.join(dir, 'résumé "final".pdf'), '%PDF-1.4');
symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));

async function start() {
  const server = createServer({
    app: createApp({ states: [Nothing], logger: silentLogger }),
    secret: 'served-secret-0123456789',
    logger: silentLogger,
    middlewares: [
      serveUploadedFiles({ dir, prefix: '/uploads/' }),
      (req, res, next) => {
        if (req.url !== '/avatar') return next();
        sendUploadedFile(req, res, path.join(dir, 'photo.png'), { name: 'me.png' }).catch(next);
      },
    ],
  });
  servers.push(server);
  return (await server.listen(0)).url;
}

/** A raw request: fetch would normalise the dot segments of the path traversal attempts. */
const get = (url: string, method = 'GET') => httpRequest(url, { method });

describe('serveUploadedFiles', () => {
  it('sends HTML and SVG as downloads with their type and nosniff, never to be rendered on the origin', async () => {
    const url = await start();
    const html = await get(`${url}/uploads/page.html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename="page.html"/);
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    const svg = await get(`${url}/uploads/logo.svg`);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('shows passive types inline, with the type of the extension whatever the content, and unknown ones as octet-stream downloads', async () => {
    const url = await start();
    const png = await get(`${url}/uploads/photo.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/^inline;/);
    expect(png.headers['x-content-type-options']).toBe('nosniff');
    const text = await get(`${url}/uploads/notes.txt`);
    expect(text).toMatchObject({ status: 200, body: 'plain' });
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    const raw = await get(`${url}/uploads/sub/data.bin`);
    expect(raw.headers['content-type']).toBe('application/octet-stream');
    expect(raw.headers['content-disposition']).toMatch(/^attachment;/);
    const pdf = await get(`${url}/uploads/${encodeURIComponent('résumé "final".pdf')}`);
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''${encodeURIComponent('résumé "final".pdf')}`,
    );
  });

  it('refuses any name leading out of its folder, and anything but a file (404), and methods but GET and HEAD (405)', async () => {
    const url = await start();
    for (const bad of [
      `../${path.basename(outside)}/secret.txt`,
      `..%2F${path.basename(outside)}%2Fsecret.txt`,
      '%2Fetc%2Fpasswd',
      'sub%5C..%5Cpage.html',
      'link.txt',
      'sub',
      'sub/',
      'missing.png',
      'page.html%00.png',
    ]) {
      const answer = await get(`${url}/uploads/${bad}`);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 404 });
      expect(answer.body).not.toContain('not for you');
    }
    expect((await get(`${url}/uploads/notes.txt`, 'POST')).status).toBe(405);
    const head = await get(`${url}/uploads/notes.txt`, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('5');
  });
});

describe('sendUploadedFile', () => {
  it('serves one file chosen by the app under the name it gives', async () => {
    const url = await start();
    const avatar = await get(`${url}/avatar`);
    expect(avatar.status).toBe(200);
    expect(avatar.headers['content-type']).toBe('image/png');
    expect(avatar.headers['content-disposition']).toMatch(/^inline; filename="me.png"/);
  });
});
