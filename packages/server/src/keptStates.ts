import type { HydrateMessage, ResyncRequest } from '@core/state/protocol';

/** Most state names a page may say it is missing (more: it gets a full hydrate). */
const MAX_MISSING = 1_000;

/**
 * The states a connecting page says it has not got (`ConnectAuth.missing`: its server render
 * carried only the states it read); undefined when it says nothing, and `[]` for a list that is
 * not one (the page then gets every state, keeping none).
 */
export function missingStatesOf(auth: unknown): readonly string[] | undefined {
  const missing = (auth as { missing?: unknown } | null | undefined)?.missing;
  if (missing === undefined) return undefined;
  const valid =
    Array.isArray(missing) &&
    missing.length <= MAX_MISSING &&
    missing.every((name) => typeof name === 'string' && name.length <= 200);
  return valid ? (missing as string[]) : [];
}

/**
 * A hydrate for a page that holds every state but `missing` as of position `since`: each state
 * whose document is still where the page has it is left out (listed in `kept`), so the page is
 * sent only what it lacks or what changed. A state whose document moved is sent whole. `since`
 * is the page's claim: at worst it costs the page a stale state it asked for, nothing of anyone
 * else's.
 */
export function leaveOutKept(
  message: HydrateMessage,
  since: ResyncRequest,
  missing: readonly string[] | undefined,
): HydrateMessage {
  if (!missing?.length) return message;
  const lacking = new Set(missing);
  const sourceOf = new Map<string, string>();
  for (const [source, shared] of Object.entries(message.shared ?? {})) {
    for (const name of shared.states) sourceOf.set(name, source);
  }
  const unmoved = (source: string) => {
    const now = source === '' ? { seq: message.seq, epoch: message.epoch ?? '' } : message.shared?.[source];
    const then = source === '' ? since : since.shared?.[source];
    return now !== undefined && then !== undefined && now.seq === then.seq && now.epoch === then.epoch;
  };
  const state: HydrateMessage['state'] = {};
  const kept: string[] = [];
  for (const [name, values] of Object.entries(message.state)) {
    if (!lacking.has(name) && unmoved(sourceOf.get(name) ?? '')) kept.push(name);
    else state[name] = values;
  }
  return kept.length > 0 ? { ...message, state, kept } : message;
}
