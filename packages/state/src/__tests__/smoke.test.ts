import { createApp, defineState } from '@core/state';
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  it('runs a handler', async () => {
    const S = defineState('s', {
      vars: { n: 0 },
      events: {
        inc(s) {
          s.n += 1;
        },
      },
    });
    const app = createApp({ states: [S] });
    await app.dispatch('t', S.inc());
    expect(await app.snapshot('t')).toEqual({ s: { n: 1 } });
  });
});
