import { notFound, routes } from 'virtual:core-routes';
import { mountApp } from '@core/react/pages';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs <div id="root">');
void mountApp(root, { routes, notFound }, { fallback: <p data-testid="hydrating">Connecting…</p> });
