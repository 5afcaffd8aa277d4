import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NginxProcess, RedisProcess } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

// The production topology of the docs' "Deployment" page, run as written: Debian's nginx
// with docs/deploy/nginx.conf (only the addresses changed) in front of two `core start` processes
// on one Redis.
test.skip(
  !process.env.CI && (!RedisProcess.available() || !NginxProcess.available()),
  'redis-server or nginx is not installed (in CI this fails instead)',
);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const template = readFileSync(path.join(root, 'docs/deploy/nginx.conf'), 'utf8');

/** docs/deploy/nginx.conf with the spec's ports: each address of the file replaced exactly once. */
function render(listen: number, upstreams: [number, number]): string {
  const replacements: [string, string][] = [
    ['server 127.0.0.1:3001 ', `server 127.0.0.1:${upstreams[0]} `],
    ['server 127.0.0.1:3002 ', `server 127.0.0.1:${upstreams[1]} `],
    ['listen 80;', `listen 127.0.0.1:${listen};`],
  ];
  let config = template;
  for (const [from, to] of replacements) {
    if (config.split(from).length !== 2) throw new Error(`docs/deploy/nginx.conf must contain "${from}" once.`);
    config = config.replace(from, to);
  }
  return config;
}

let redis: RedisProcess;
let a: DemoServer;
let b: DemoServer;
let nginx: NginxProcess;
test.beforeAll(async () => {
  redis = await RedisProcess.start();
  const env = { REDIS_URL: redis.url, CORE_TRUST_PROXY: '1' };
  [a, b] = await Promise.all([DemoServer.start(env), DemoServer.start(env)]);
  nginx = await NginxProcess.start((port) => render(port, [a.port, b.port]));
});
test.afterAll(async () => {
  await nginx?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.dispose();
});

test("the docs' Deployment page shows the nginx config this spec runs, word for word", () => {
  const page = readFileSync(path.join(root, 'docs/guide/deployment.md'), 'utf8');
  expect(page).toContain(template.trim());
});

test('through nginx, requests reach both processes and the client address is the one nginx saw, not a forged one', async ({
  request,
}) => {
  const pids = new Set<number>();
  for (let i = 0; i < 6; i++) {
    const response = await request.get(`${nginx.url}/api/client`, { headers: { 'X-Forwarded-For': '6.6.6.6' } });
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as { address: string; pid: number };
    expect(body.address).toBe('127.0.0.1');
    pids.add(body.pid);
  }
  expect(pids.size).toBe(2);
  expect((await request.get(`${nginx.url}/healthz`)).ok()).toBe(true);
});

test('a page served through nginx works, survives each process being stopped, and its events reach its own token', async ({
  browser,
}) => {
  const one = await browser.newPage();
  const two = await browser.newPage();
  await one.goto(nginx.url);
  await two.goto(nginx.url);
  const tokenOne = await one.getByTestId('token').textContent();
  const tokenTwo = await two.getByTestId('token').textContent();
  expect(tokenOne).toBeTruthy();
  expect(tokenOne).not.toBe(tokenTwo);
  await one.getByTestId('bg-increment').click();
  await expect(one.getByTestId('bg-counter')).toHaveText('1');

  // Stop each process in turn (one of them serves the page's websocket): nginx sends the page's
  // reconnect to the other, the state comes from Redis, and a click still lands on this token.
  let expected = 1;
  for (const server of [a, b]) {
    await server.stop();
    await one.getByTestId('bg-increment').click();
    expected += 1;
    await expect(one.getByTestId('bg-counter')).toHaveText(String(expected), { timeout: 20_000 });
    await expect(one.getByTestId('connection-banner')).toBeHidden({ timeout: 20_000 });
    await expect(one.getByTestId('token')).toHaveText(tokenOne ?? '');
    await server.restart();
  }

  // The other tab's token was never touched, and its own events work after all that.
  await expect(two.getByTestId('connection-banner')).toBeHidden({ timeout: 20_000 });
  await expect(two.getByTestId('token')).toHaveText(tokenTwo ?? '');
  await expect(two.getByTestId('bg-counter')).toHaveText('0');
  await two.getByTestId('bg-increment').click();
  await expect(two.getByTestId('bg-counter')).toHaveText('1');
  await expect(one.getByTestId('bg-counter')).toHaveText(String(expected));
});
