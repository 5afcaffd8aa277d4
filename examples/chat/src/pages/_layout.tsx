import { useAppState, useEvent } from '@core/react';
import { Link } from '@core/react/pages';
import type { ReactNode } from 'react';
import { AccountState, SessionState } from '../state/account';

/** Wraps every page: the app's name, who is signed in, then the page. */
export default function Layout({ children }: { children?: ReactNode }) {
  const name = useAppState(SessionState, (s) => s.name);
  const signOut = useEvent(AccountState.signOut);
  return (
    <div className="shell">
      <header className="top">
        <Link href="/" className="brand" data-testid="chat-nav-home">
          core chat
        </Link>
        {name ? (
          <span className="who">
            Signed in as <strong data-testid="chat-user-name">{name}</strong>{' '}
            <button type="button" className="link" data-testid="chat-sign-out" onClick={() => void signOut()}>
              Sign out
            </button>
          </span>
        ) : (
          <span className="who muted">Not signed in</span>
        )}
      </header>
      <main>{children}</main>
    </div>
  );
}
