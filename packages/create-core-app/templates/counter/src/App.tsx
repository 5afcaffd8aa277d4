import { BackgroundCounter } from './components/BackgroundCounter';

export function App() {
  return (
    <main style={{ font: '15px system-ui, sans-serif', maxWidth: 640, margin: '32px auto', padding: '0 16px' }}>
      <h1 data-testid="title">Background counter</h1>
      <p>
        The counter lives on the server: reload the page and it is still there. Edit <code>src/state/taskState.ts</code>{' '}
        while it runs and it keeps its value.
      </p>
      <BackgroundCounter />
    </main>
  );
}
