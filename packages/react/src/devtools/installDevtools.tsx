import { createRoot } from 'react-dom/client';
import { DevtoolsPanel } from './DevtoolsPanel.js';
import { type DevtoolsClient, DevtoolsStore } from './devtoolsStore.js';

/** Options of {@link installDevtools}. */
export interface InstallDevtoolsOptions {
  /** Clients created before the panel loaded (collected by the page's inline hook). */
  clients?: readonly DevtoolsClient[];
  /** Where the open/closed state and the height are kept. @default window.localStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/** What the page's clients call when they are created (see `CoreClient`'s constructor). */
type ClientHook = (client: DevtoolsClient) => void;

/**
 * Puts the devtools panel in the page (`core dev` does this for every page it serves): takes over
 * the client hook, so every `CoreClient` created from now on is offered to the panel, and shows the
 * one that connected last. Returns the store and a function that removes the panel.
 */
export function installDevtools(options: InstallDevtoolsOptions = {}): { store: DevtoolsStore; uninstall(): void } {
  const store = new DevtoolsStore(options.storage ?? safeLocalStorage());
  const offers = new Set<() => void>();
  // React's StrictMode makes two clients and uses one: show whichever reaches the server.
  const offer: ClientHook = (client) => {
    const check = () => {
      if (client.getStatus() === 'connected' && store.client !== client) store.attach(client);
    };
    const stop = client.subscribe(check);
    offers.add(stop);
    check();
  };
  const scope = globalThis as { __CORE_CLIENT_HOOK__?: ClientHook };
  scope.__CORE_CLIENT_HOOK__ = offer;
  for (const client of options.clients ?? []) offer(client);
  const container = document.createElement('div');
  container.id = 'core-devtools';
  document.body.append(container);
  const root = createRoot(container);
  root.render(<DevtoolsPanel store={store} />);
  return {
    store,
    uninstall() {
      if (scope.__CORE_CLIENT_HOOK__ === offer) delete scope.__CORE_CLIENT_HOOK__;
      for (const stop of offers) stop();
      root.unmount();
      container.remove();
    },
  };
}

function safeLocalStorage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
