import { useCoreClient } from '@core/react';
import { BackgroundCounter } from './components/BackgroundCounter';
import { BackgroundTasks } from './components/BackgroundTasks';
import { ClientDemo } from './components/ClientDemo';
import { ErrorDemo } from './components/ErrorDemo';
import { LowLevelTask } from './components/LowLevelTask';

export function App() {
  const client = useCoreClient();
  return (
    <main style={{ font: '15px system-ui, sans-serif', maxWidth: 760, margin: '32px auto', padding: '0 16px' }}>
      <h1>core demo</h1>
      <p>
        Token: <code data-testid="token">{client.token}</code>
      </p>
      <BackgroundCounter />
      <LowLevelTask />
      <BackgroundTasks />
      <ErrorDemo />
      <ClientDemo />
    </main>
  );
}
