import { useAppState, useEvent } from '@core/react';
import { useField } from '@core/react/forms';
import { TaskState } from '../state/taskState';

/** Shows the server's counter and drives its background task. */
export function BackgroundCounter() {
  const { counter, running, remaining } = useAppState(TaskState);
  const toggleRunning = useEvent(TaskState.toggleRunning);
  const clearCounter = useEvent(TaskState.clearCounter);
  // Bound to the var: what is typed is never overwritten by the server's echo.
  const maxInput = useField(TaskState, 'maxCounter', TaskState.setMaxCounter);
  return (
    <section>
      <p style={{ fontSize: 48, margin: '16px 0' }}>
        <strong data-testid="counter">{counter}</strong>
      </p>
      <p>
        <span data-testid="running">{running ? 'running' : 'stopped'}</span>, {remaining} to go
      </p>
      <label>
        Max counter <input data-testid="max-counter" inputMode="numeric" size={6} {...maxInput} />
      </label>{' '}
      <button type="button" data-testid="toggle-running" onClick={() => void toggleRunning()}>
        {running ? 'Stop' : 'Run'}
      </button>{' '}
      <button type="button" data-testid="clear-counter" onClick={() => void clearCounter()}>
        Clear
      </button>
    </section>
  );
}
