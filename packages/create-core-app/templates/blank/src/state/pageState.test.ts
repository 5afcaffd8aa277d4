import { createApp } from '@core/state';
import { afterAll, expect, it } from 'vitest';
import { PageState } from './pageState';

// The same app the server runs, driven directly: no server, no browser.
const app = createApp({ states: [PageState] });
afterAll(() => app.close());

it('counts clicks per tab', async () => {
  await app.dispatch('tab-1', PageState.click());
  await app.dispatch('tab-1', PageState.click());
  expect(await app.snapshot('tab-1')).toEqual({ page: { greeting: 'Hello from the server', clicks: 2 } });
  expect((await app.snapshot('tab-2')).page.clicks).toBe(0);
});
