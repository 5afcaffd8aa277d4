import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('backend vars never appear in any websocket frame', async ({ page }) => {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => frames.push(String(frame.payload)));
    ws.on('framesent', (frame) => frames.push(String(frame.payload)));
  });
  await page.goto(server.url);
  await page.getByTestId('max-counter').fill('2');
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('counter')).toHaveText('2');
  await page.getByTestId('bg-iterations').fill('3');
  await page.getByTestId('bg-delayed').click();
  await page.getByTestId('bg-racy').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('15');
  expect(frames.some((f) => f.includes('core:patch'))).toBe(true);
  for (const frame of frames) {
    expect(frame).not.toContain('_taskId');
    // The task registry stays on the server too.
    expect(frame).not.toContain('startedAt');
  }
});
