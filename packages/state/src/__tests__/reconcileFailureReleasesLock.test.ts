import { createApp, defineState } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
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
    const errors: ErrorReport[] = [];
    app.subscribe(
      't',
      () => {},
      (error) => errors.push(error),
    );
    await app.dispatch('t', V1.add());
    app.replaceStates([V2]); // the reload reconciles the token at its next lock: the computed var throws
    // It fails alone (issue 28, bug 7): reported with its name, the step and the lock go on.
    await app.dispatch('t', V2.add());
    expect(errors).toEqual([expect.objectContaining({ code: 'COMPUTED_VAR', handler: 'page.label' })]);
    expect(errors[0].message).toContain('computed var broke');
    expect((await app.snapshot('t')).page).toEqual({ n: 2, extra: '', label: null });
    explode = false; // the developer fixes the computed var; the token works again at once
    await app.dispatch('t', V2.add());
    expect((await app.snapshot('t')).page).toEqual({ n: 3, extra: '', label: 'n = 3' });
  });
});
