import { BackgroundCounter } from './components/BackgroundCounter';

export function App() {
  return (
    <>
      <h1 data-testid="title">Background counter</h1>
      <p>
        The counter lives on the server: reload the page and it is still there. Edit <code>src/state/taskState.ts</code>{' '}
        while it runs and it keeps its value.
      </p>
      <BackgroundCounter />
    </>
  );
}
