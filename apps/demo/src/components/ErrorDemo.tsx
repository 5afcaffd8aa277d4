import { useAppState, useEvent } from '@core/react';
import { ErrorState } from '../state/errorState';

/** A button whose handler throws: the change is rolled back and the page shows the report. */
export function ErrorDemo() {
  const attempts = useAppState(ErrorState, (s) => s.attempts);
  const fail = useEvent(ErrorState.fail);
  return (
    <section>
      <h2>Errors</h2>
      <button type="button" data-testid="fail" onClick={() => void fail().catch(() => {})}>
        Run a failing handler
      </button>{' '}
      <span data-testid="attempts">{attempts}</span>
    </section>
  );
}
