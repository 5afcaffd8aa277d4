import { useAppState } from '@core/react';
import { renderPage } from '@core/react/server';
import type { HydrateMessage } from '@core/state/protocol';
import { describe, expect, it } from 'vitest';

// Issue 28, large state: the HTML carried every state; it now carries those its render read.

const Small = { name: 'small' };
function Page() {
  const n = useAppState(Small, (s) => (s as { n: number }).n);
  return <p>{n}</p>;
}

describe('a server render', () => {
  it('reports the states it read, so that the HTML carries only those', async () => {
    const table = { routes: [{ pattern: '/', file: 'index.tsx', page: async () => ({ default: Page }), layouts: [] }] };
    const hydration: HydrateMessage = {
      token: 't.x',
      seq: 2,
      epoch: 'e1',
      state: { small: { n: 7 }, big: { text: 'x'.repeat(1_000) }, router: { href: '/' } },
    };
    const rendered = await renderPage(table, '/', hydration);
    expect(rendered.html).toContain('<p>7</p>');
    expect(rendered.states).toEqual(['small']); // the server adds `router` itself
  });
});
