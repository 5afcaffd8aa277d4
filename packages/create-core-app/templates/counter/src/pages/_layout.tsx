import { Link } from '@core/react/pages';
import type { ReactNode } from 'react';

/** Wraps every page: a small nav, then the page. */
export default function Layout({ children }: { children?: ReactNode }) {
  return (
    <div style={{ font: '15px system-ui, sans-serif', maxWidth: 640, margin: '0 auto', padding: '0 16px' }}>
      <nav style={{ display: 'flex', gap: 12, padding: '12px 0', borderBottom: '1px solid #ddd' }}>
        <Link href="/" data-testid="nav-home">
          Counter
        </Link>
        <Link href="/about" data-testid="nav-about">
          About
        </Link>
      </nav>
      <main style={{ margin: '24px 0' }}>{children}</main>
    </div>
  );
}
