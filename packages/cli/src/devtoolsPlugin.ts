import type { Plugin } from 'vite';

/**
 * What `core dev` adds to every page it serves: a hook that collects the page's `CoreClient`s as
 * they are created, then the devtools panel, loaded by a dynamic import (its own chunk). `core
 * build` never adds it, so a production bundle holds no devtools code.
 */
const PAGE_SCRIPT = `const clients = [];
globalThis.__CORE_CLIENT_HOOK__ = (client) => clients.push(client);
import('@core/react/devtools').then(
  (devtools) => devtools.installDevtools({ clients }),
  (error) => console.warn('[core] The devtools panel could not be loaded (is @core/react installed?)', error),
);`;

/**
 * The Vite plugin of `core dev` that puts the devtools panel in the page (dev server only:
 * `apply: 'serve'`). The script runs before the app's own module scripts, so it sees every client.
 */
export function devtoolsPlugin(): Plugin {
  return {
    name: 'core:devtools',
    apply: 'serve',
    transformIndexHtml() {
      return [{ tag: 'script', attrs: { type: 'module' }, children: PAGE_SCRIPT, injectTo: 'head-prepend' }];
    },
  };
}
