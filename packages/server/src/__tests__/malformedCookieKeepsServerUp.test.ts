import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';

const Counter = defineState('counter', { vars: { n: 0 } });
const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-cookie-'));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('a Cookie header that is not URI-encoded', () => {
  it('is read as no session: the page load gets a fresh session cookie and the server stays up', async () => {
    const app = createApp({ states: [Counter] });
    const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev: false });
    closers.push(() => server.close());
    const { url } = await server.listen(0);
    // `%zz` makes decodeURIComponent throw; reading the session cookie used to throw out of the
    // request handler, which ends the process.
    const response = await fetch(`${url}/`, {
      headers: { accept: 'text/html', cookie: 'core_session=%zz; other=%E0%A4%A' },
    });
    expect(response.headers.get('set-cookie')).toMatch(/^core_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax/);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});
