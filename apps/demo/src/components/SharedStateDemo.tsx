import { useAppState, useEvent } from '@core/react';
import { useState } from 'react';
import { AccountState, SessionState, SharedState } from '../state/sharedState';

/** State beyond one tab: app-wide, per browser session, and who is online. */
export function SharedStateDemo() {
  const shared = useAppState(SharedState);
  const session = useAppState(SessionState);
  const increment = useEvent(SharedState.increment);
  const signIn = useEvent(AccountState.signIn);
  const signOut = useEvent(AccountState.signOut);
  const [name, setName] = useState('');
  return (
    <section>
      <h2>Shared state</h2>
      <p>
        App-wide counter: <span data-testid="shared-counter">{shared.counter}</span>{' '}
        <button type="button" data-testid="shared-increment" onClick={() => void increment()}>
          +1 for everyone
        </button>
      </p>
      <p>
        Server clock (an app task, one tick per second): <span data-testid="server-clock">{shared.clock}</span>
      </p>
      <p>
        Tabs online: <span data-testid="online-count">{shared.online}</span>
      </p>
      <p>
        Signed in as: <span data-testid="session-name">{session.name}</span>
      </p>
      <p>
        <input
          data-testid="sign-in-name"
          value={name}
          placeholder="your name"
          onChange={(e) => setName(e.target.value)}
        />{' '}
        <button type="button" data-testid="sign-in" onClick={() => void signIn(name)}>
          Sign in
        </button>{' '}
        <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
          Sign out
        </button>
      </p>
    </section>
  );
}
