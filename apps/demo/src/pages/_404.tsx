import { Link } from '@core/react/pages';

export const head = () => ({ title: 'Not found' });

export default function NotFound() {
  return (
    <section>
      <h1 data-testid="not-found">Page not found</h1>
      <p>
        Nothing lives here. <Link href="/">Back home</Link>
      </p>
    </section>
  );
}
