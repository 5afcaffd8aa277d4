import { createApp, defineState, isStateError } from '@core/state';
import { describe, expect, it } from 'vitest';

const V1 = defineState('page', {
  vars: { n: 0 },
  events: {
    add(s) {
      s.n += 1;
    },
  },
});

let explode = true;
const V2 = defineState('page', {
  vars: { n: 0, extra: '' },
  computed: {
    label: (s) => {
      if (explode) throw new Error('computed var broke after the hot reload');
      return `n = ${s.n}`;
    },
  },
  events: {
    add(s) {
      s.n += 1;
    },
  },
});

describe('a failure between taking the lock and running the handler', () => {
  it('releases the lock (a computed var that throws while reconciling used to leave it held forever)', async () => {
    const app = createApp({ states: [V1] });
    await app.dispatch('t', V1.add());
    app.replaceStates([V2]); // the reload reconciles the token at its next lock: the computed var throws
    const failure = await app.dispatch('t', V2.add()).catch((error: unknown) => error);
    expect(isStateError(failure, 'HANDLER_ERROR')).toBe(true);
    expect((failure as Error).message).toContain('computed var broke');
    explode = false; // the developer fixes the computed var; the token works again at once
    await app.dispatch('t', V2.add());
    expect((await app.snapshot('t')).page).toEqual({ n: 2, extra: '', label: 'n = 2' });
  });
});
