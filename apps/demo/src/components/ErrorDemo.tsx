import { useAppState, useEvent } from '@core/react';
import { useState } from 'react';
import { ErrorState } from '../state/errorState';

/**
 * A button whose handler throws (the change is rolled back and the page shows the report), and
 * errors of the page itself — thrown in a click, a rejected promise, a render that throws — which
 * reach the server and come back here through `onClientError`.
 */
export function ErrorDemo() {
  const attempts = useAppState(ErrorState, (s) => s.attempts);
  const reported = useAppState(ErrorState, (s) => s.reported);
  const fail = useEvent(ErrorState.fail);
  const [crash, setCrash] = useState(false);
  if (crash) throw new Error('Demo render error');
  return (
    <section>
      <h2>Errors</h2>
      <button type="button" data-testid="fail" onClick={() => void fail().catch(() => {})}>
        Run a failing handler
      </button>{' '}
      <span data-testid="attempts">{attempts}</span>
      <p>
        <button
          type="button"
          data-testid="throw-error"
          onClick={() => {
            throw new Error('Demo click error');
          }}
        >
          Throw in a click
        </button>{' '}
        <button
          type="button"
          data-testid="reject-promise"
          onClick={() => void Promise.reject(new Error('Demo rejection'))}
        >
          Reject a promise
        </button>{' '}
        <button type="button" data-testid="crash-render" onClick={() => setCrash(true)}>
          Throw while rendering
        </button>
      </p>
      <p className="muted">
        Reported by this page: <span data-testid="client-error-count">{reported.length}</span>
      </p>
      <ul data-testid="client-errors">
        {reported.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a log of lines, appended to in order.
          <li key={i} data-testid="client-error">
            {line}
          </li>
        ))}
      </ul>
    </section>
  );
}
