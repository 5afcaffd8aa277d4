import { useAppState, useEvent } from '@core/react';
import { useField } from '@core/react/forms';
import { BackgroundTaskState, OtherState } from '../state/backgroundTaskState';

/** The background-task test page of Reflex's suite, ported. */
export function BackgroundTasks() {
  const counter = useAppState(BackgroundTaskState, (s) => s.counter);
  const iterationsInput = useField(BackgroundTaskState, 'iterations', BackgroundTaskState.setIterations);
  const buttons: [string, string, () => Promise<void>][] = [
    ['bg-delayed', 'Delayed increment', useEvent(BackgroundTaskState.delayedIncrement)],
    ['bg-yield', 'Yield increment', useEvent(BackgroundTaskState.yieldIncrement)],
    ['bg-increment', 'Increment 1', useEvent(BackgroundTaskState.increment)],
    ['bg-blocking', 'Blocking pause', useEvent(BackgroundTaskState.blockingPause)],
    ['bg-nonblocking', 'Non-blocking pause', useEvent(BackgroundTaskState.nonBlockingPause)],
    ['bg-racy', 'Racy increment (×4)', useEvent(BackgroundTaskState.racyIncrement)],
    ['bg-nested', 'Nested modify', useEvent(BackgroundTaskState.nestedModify)],
    ['bg-other-state', 'Increment from other state', useEvent(OtherState.incrementFromOther)],
    ['bg-yield-in-modify', 'Yield in modify', useEvent(BackgroundTaskState.yieldInModify)],
    ['bg-reset', 'Reset', useEvent(BackgroundTaskState.resetCounter)],
  ];
  return (
    <section>
      <h2>Background tasks</h2>
      <h3 data-testid="bg-counter">{counter}</h3>
      <label>
        Iterations <input data-testid="bg-iterations" inputMode="numeric" {...iterationsInput} />
      </label>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 8 }}>
        {buttons.map(([id, label, fire]) => (
          <button key={id} type="button" data-testid={id} onClick={() => void fire().catch(() => {})}>
            {label}
          </button>
        ))}
      </div>
    </section>
  );
}
