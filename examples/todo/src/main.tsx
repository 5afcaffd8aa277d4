import { notFound, routes } from 'virtual:core-routes';
import { mountApp } from '@core/react/pages';

// The server renders each page with its state; this makes it live (and follows links).
const root = document.getElementById('root');
if (!root) throw new Error('index.html needs <div id="root">');
void mountApp(root, { routes, notFound }, { fallback: <p>Connecting…</p> });
