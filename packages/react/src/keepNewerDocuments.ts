import type { HydrateMessage, SharedSource } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import type { SourcePositions } from './sourcePositions.js';

/**
 * `message` with the page's own states and position for each document — the tab's, or a shared
 * one — that the page has applied further than the hydrate was read at, in the same epoch; the rest
 * of the message as it came. A hydrate can be overtaken on the way: the one a room join sends reads
 * the room under its lock, while the tab's next update (the on-load event's end) is already sent.
 */
export function keepNewerDocuments(
  message: HydrateMessage,
  state: PublicState,
  positions: SourcePositions,
): HydrateMessage {
  const newer = (source: string, seq: number, epoch: string | undefined) => {
    const mine = positions.get(source);
    return mine !== undefined && mine.epoch !== '' && mine.epoch === (epoch ?? '') && mine.seq > seq;
  };
  const sourceOf = new Map<string, string>();
  const overtaken: Record<string, SharedSource> = {};
  for (const [source, shared] of Object.entries(message.shared ?? {})) {
    for (const name of shared.states) sourceOf.set(name, source);
    const mine = positions.get(source);
    if (mine && newer(source, shared.seq, shared.epoch)) overtaken[source] = { ...shared, seq: mine.seq };
  }
  const tabOvertaken = newer('', message.seq, message.epoch);
  if (!tabOvertaken && Object.keys(overtaken).length === 0) return message;
  const next: Record<string, PublicState[string]> = { ...message.state };
  for (const name of Object.keys(next)) {
    const source = sourceOf.get(name) ?? '';
    const keep = source === '' ? tabOvertaken : overtaken[source] !== undefined;
    if (keep && state[name] !== undefined && positions.owns(source, name)) next[name] = state[name];
  }
  return {
    ...message,
    state: next as PublicState,
    seq: tabOvertaken ? positions.seq : message.seq,
    ...(message.shared ? { shared: { ...message.shared, ...overtaken } } : {}),
  };
}
