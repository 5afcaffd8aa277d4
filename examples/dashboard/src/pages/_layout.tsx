import { useAppState } from '@core/react';
import type { ReactNode } from 'react';
import { MetricsState } from '../state/metricsState';

/** Wraps the page: the title bar with the app-wide counts, then the page. */
export default function Layout({ children }: { children?: ReactNode }) {
  const taken = useAppState(MetricsState, (s) => s.taken);
  const watching = useAppState(MetricsState, (s) => s.watching);
  return (
    <div className="shell">
      <header className="topbar">
        <h1>
          <span className="live-dot" aria-hidden="true" /> Server dashboard
        </h1>
        <p className="muted">
          <span data-testid="dash-sample-count">{taken}</span> samples ·{' '}
          <span data-testid="dash-watching">{watching}</span> watching
        </p>
      </header>
      <main>{children}</main>
    </div>
  );
}
