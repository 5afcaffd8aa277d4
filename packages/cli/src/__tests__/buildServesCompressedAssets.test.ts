import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildApp, startProductionServer } from '@core/cli';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProject, removeProject } from './support/coreProject.js';

let project: string | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
  vi.unstubAllEnvs();
  if (project) removeProject(project);
});

describe('core build then core start', () => {
  it('writes .br and .gz copies of text assets and serves them to browsers that accept them, cached for a year', async () => {
    // Enough text that compressing it pays.
    project = makeProject({
      main: `import { CounterState } from './state/counter';\nconsole.log(CounterState.increment(), ${JSON.stringify('lorem ipsum dolor sit amet '.repeat(200))});\n`,
    });
    const { clientDir } = await buildApp({ root: project });
    const assets = readdirSync(path.join(clientDir, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'));
    expect(script).toMatch(/^index-[\w-]{8,}\.js$/);
    expect(assets).toContain(`${script}.br`);
    expect(assets).toContain(`${script}.gz`);
    expect(existsSync(path.join(clientDir, 'index.html.br'))).toBe(false); // too small to pay

    vi.stubEnv('CORE_SECRET', 'build-test-secret-0123456789');
    vi.stubEnv('CORE_STATE_FILE', '');
    const running = await startProductionServer({ root: project, port: 0, host: '127.0.0.1' });
    stop = running.close;
    const plain = await fetch(`${running.url}/assets/${script}`, { headers: { 'accept-encoding': 'identity' } });
    const plainBody = await plain.text();
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const raw = await rawGet(`${running.url}/assets/${script}`, { 'accept-encoding': 'br' });
    expect(raw.encoding).toBe('br');
    expect(raw.length).toBeLessThan(plainBody.length / 3);
  });
});

/** The response's Content-Encoding and body size as sent (fetch would decompress it). */
async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ encoding: string | undefined; length: number }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], length }));
    })
      .on('error', reject)
      .end();
  });
}
