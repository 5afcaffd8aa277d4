import type { EventSpec } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import type { EventMessage } from '@core/state/protocol';

/** A checked `core:event`: the event to dispatch, with the page's id for it. */
export type ParsedEvent = EventMessage & EventSpec<unknown>;

/** Limits applied to events from a page. */
export interface EventLimits {
  /** Largest payload accepted, in bytes of its JSON. */
  maxPayloadBytes: number;
  /** Deepest nesting of arrays and objects accepted in a payload. */
  maxPayloadDepth: number;
}

/**
 * Checks an event from a socket: an object with a string `id` (≤ 64 chars), `state` and `name`
 * (≤ 128 chars) and a JSON payload within the size limit. Returns the event or the error to ack.
 */
export function parseEventMessage(raw: unknown, limits: EventLimits): ParsedEvent | ErrorReport {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('An event must be an object { id, state, name, payload }.');
  }
  const { id, state, name, payload } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) {
    return invalid('An event needs a string id of 1 to 64 characters.');
  }
  if (typeof state !== 'string' || state.length > 128 || typeof name !== 'string' || name.length > 128) {
    return invalid('An event needs string `state` and `name` of at most 128 characters.');
  }
  if (depthOver(payload, limits.maxPayloadDepth)) {
    return {
      code: 'INVALID_EVENT',
      handler: `${state}.${name}`,
      message: `[core/server] The payload of ${state}.${name} nests deeper than ${limits.maxPayloadDepth} levels; send flatter data or raise maxPayloadDepth.`,
    };
  }
  let size: number;
  try {
    size = payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return invalid(`The payload of ${state}.${name} is not JSON-serialisable.`);
  }
  if (size > limits.maxPayloadBytes) {
    return {
      code: 'INVALID_EVENT',
      handler: `${state}.${name}`,
      message: `[core/server] The payload of ${state}.${name} is ${size} bytes, over the limit of ${limits.maxPayloadBytes}; send less or raise maxPayloadBytes.`,
    };
  }
  return { id, state, name, payload };
}

/** True when `value` nests arrays or objects deeper than `limit` (checked without recursion). */
export function depthOver(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    for (const child of Object.values(current as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** True when `parseEventMessage` returned an error. */
export function isErrorReport(value: ParsedEvent | ErrorReport): value is ErrorReport {
  return 'code' in value;
}

function invalid(message: string): ErrorReport {
  return { code: 'INVALID_EVENT', message: `[core/server] ${message}` };
}
