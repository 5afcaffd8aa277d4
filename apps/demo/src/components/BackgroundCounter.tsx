import { useAppState, useEvent } from '@core/react';
import { useField } from '@core/react/forms';
import { TaskState } from '../state/taskState';

/** The seed's background counter (MyTaskState). */
export function BackgroundCounter() {
  const { counter, running, remaining } = useAppState(TaskState);
  const toggle = useEvent(TaskState.toggleRunning);
  const clear = useEvent(TaskState.clearCounter);
  const maxInput = useField(TaskState, 'maxCounter', TaskState.setMaxCounter);
  return (
    <section>
      <h2>Background counter</h2>
      <p>
        Counter: <strong data-testid="counter">{counter}</strong> (remaining{' '}
        <span data-testid="remaining">{remaining}</span>)
      </p>
      <label>
        Max counter <input data-testid="max-counter" inputMode="numeric" {...maxInput} />
      </label>{' '}
      <button type="button" data-testid="toggle-running" onClick={() => void toggle()}>
        {running ? 'Stop' : 'Run'}
      </button>{' '}
      <button type="button" data-testid="clear-counter" onClick={() => void clear()}>
        Clear counter
      </button>{' '}
      <span data-testid="running">{running ? 'running' : 'stopped'}</span>
    </section>
  );
}
