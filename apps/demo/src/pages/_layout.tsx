import { Link, useRouter } from '@core/react/pages';
import type { ReactNode } from 'react';

/** Every page of the demo sits in this frame: a nav bar and the content. */
export default function Layout({ children }: { children?: ReactNode }) {
  const { path } = useRouter();
  const current = (prefix: string) => (prefix === '/' ? path === '/' : path.startsWith(prefix)) || undefined;
  return (
    <>
      <header className="site-header">
        <nav>
          <Link href="/" data-testid="nav-home" aria-current={current('/') && 'page'}>
            Home
          </Link>
          <Link href="/users/7" data-testid="nav-user-7" aria-current={current('/users') && 'page'}>
            User 7
          </Link>
          <Link href="/docs/getting-started/install" data-testid="nav-docs" aria-current={current('/docs') && 'page'}>
            Docs
          </Link>
          <Link href="/room/lobby" data-testid="nav-room" aria-current={current('/room') && 'page'}>
            Room
          </Link>
          <Link href="/forms" data-testid="nav-forms" aria-current={current('/forms') && 'page'}>
            Forms
          </Link>
        </nav>
      </header>
      <main className="content">{children}</main>
    </>
  );
}
