import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { CoreClient } from './coreClient.js';
import { useCoreClient } from './coreContext.js';
import type { PresencePeer } from './presenceReplica.js';
import { PresenceWatches } from './presenceWatches.js';

const watchesOf = new WeakMap<CoreClient, PresenceWatches>();

function watches(client: CoreClient): PresenceWatches {
  let found = watchesOf.get(client);
  if (!found) {
    found = new PresenceWatches(client);
    watchesOf.set(client, found);
  }
  return found;
}

/**
 * Who is here: the pages in the presence list of the document that holds `state` for this tab —
 * its room for a room state, its browser session, the whole app, or the tab itself — with their
 * metadata, oldest join first, updated live (across processes). `meta`, when given, is this page's
 * own metadata (`{ typing: true }`), sent whenever it changes; fields the app derives on the server
 * (`createApp({ presenceMeta })`, such as a signed-in name) win over it.
 *
 * @example
 * const peers = usePresence(RoomState);
 * peers.map((peer) => <li key={peer.id}>{String(peer.meta.name)}{peer.self ? ' (you)' : ''}</li>)
 */
export function usePresence(
  state: { readonly name: string },
  meta?: Readonly<Record<string, unknown>>,
): readonly PresencePeer[] {
  const client = useCoreClient();
  const lists = watches(client);
  const name = state.name;
  const subscribe = useCallback((listener: () => void) => lists.subscribe(name, listener), [lists, name]);
  const read = useCallback(() => lists.peers(name), [lists, name]);
  const metaJson = meta === undefined ? undefined : JSON.stringify(meta);
  useEffect(() => {
    if (metaJson !== undefined) lists.set(JSON.parse(metaJson) as Record<string, unknown>);
  }, [lists, metaJson]);
  return useSyncExternalStore(subscribe, read, read);
}
