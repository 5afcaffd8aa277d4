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

/** The URL of the page script, and its module id (virtual: nothing on disk). */
const ENTRY = '/@core-devtools';
const RESOLVED = '\0core-devtools';

/**
 * The Vite plugin of `core dev` that puts the devtools panel in the page (dev server only:
 * `apply: 'serve'`). Its script is the first module script of the page, so it runs before the
 * app's own and sees every client.
 */
export function devtoolsPlugin(): Plugin {
  return {
    name: 'core:devtools',
    apply: 'serve',
    resolveId(id) {
      return id === ENTRY ? RESOLVED : undefined;
    },
    load(id) {
      return id === RESOLVED ? PAGE_SCRIPT : undefined;
    },
    transformIndexHtml() {
      return [{ tag: 'script', attrs: { type: 'module', src: ENTRY }, injectTo: 'head-prepend' }];
    },
  };
}
