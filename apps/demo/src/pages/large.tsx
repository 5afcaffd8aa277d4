import { useAppState, useEvent } from '@core/react';
import { LargeState } from '../state/largeState';

export const head = () => ({ title: 'Large state' });

/** Shows one var of a state that may be very large: the rest must not be sent twice. */
export default function LargePage() {
  const var0 = useAppState(LargeState, (s) => s.var0);
  const increment = useEvent(LargeState.increment);
  return (
    <section>
      <h1>Large state</h1>
      <button type="button" data-testid="large-button" onClick={() => void increment()}>
        {var0}
      </button>
    </section>
  );
}
