import { useCoreClient } from '@core/react';
import { useSyncExternalStore } from 'react';
import { BackgroundCounter } from './components/BackgroundCounter';
import { BackgroundTasks } from './components/BackgroundTasks';
import { ClientDemo } from './components/ClientDemo';
import { ErrorDemo } from './components/ErrorDemo';
import { LowLevelTask } from './components/LowLevelTask';
import { SharedStateDemo } from './components/SharedStateDemo';

/** The home page: every example of the demo. */
export function App() {
  const client = useCoreClient();
  // The token can change once connected (a duplicated tab, a tab that had its own): follow it.
  const token = useSyncExternalStore(
    client.subscribe,
    () => client.token,
    () => client.token,
  );
  return (
    <>
      <h1>core demo</h1>
      <p className="muted">
        Token: <code data-testid="token">{token}</code>
      </p>
      <BackgroundCounter />
      <LowLevelTask />
      <BackgroundTasks />
      <ErrorDemo />
      <SharedStateDemo />
      <ClientDemo />
    </>
  );
}
