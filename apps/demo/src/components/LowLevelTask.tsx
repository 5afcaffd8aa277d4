import { useAppState, useEvent } from '@core/react';
import { LowLevelState } from '../state/lowLevelState';

/** The seed's low-level task: arbitrary async work that writes back with app.modifyState. */
export function LowLevelTask() {
  const { loading, data } = useAppState(LowLevelState);
  const fetchData = useEvent(LowLevelState.fetchData);
  return (
    <section>
      <h2>Low-level task</h2>
      <button type="button" data-testid="fetch-data" onClick={() => void fetchData()} disabled={loading}>
        Fetch data
      </button>{' '}
      <span data-testid="loading">{loading ? 'loading' : 'idle'}</span>
      <ul data-testid="data">
        {data.map((row) => (
          <li key={row}>{row}</li>
        ))}
      </ul>
    </section>
  );
}
