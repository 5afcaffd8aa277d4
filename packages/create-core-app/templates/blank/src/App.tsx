import { useAppState, useEvent } from '@core/react';
import { PageState } from './state/pageState';

export function App() {
  const { greeting, clicks } = useAppState(PageState);
  const click = useEvent(PageState.click);
  return (
    <main style={{ font: '15px system-ui, sans-serif', maxWidth: 640, margin: '32px auto', padding: '0 16px' }}>
      <h1 data-testid="greeting">{greeting}</h1>
      <button type="button" data-testid="click" onClick={() => void click()}>
        Clicked {clicks} {clicks === 1 ? 'time' : 'times'}
      </button>
    </main>
  );
}
