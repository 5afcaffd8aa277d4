import type { DefinitionInternals, EventSpec, StateRegistry } from '../definition/index.js';
import { StateError } from '../errors.js';

/** The state and handler an event names, once checked. */
export interface EventTarget {
  readonly internals: DefinitionInternals;
  /** True for a background task, false for an event handler. */
  readonly background: boolean;
}

/**
 * Checks an event against the app's states: its shape, the state, the handler (looked up in maps,
 * so names such as `constructor` or `__proto__` find nothing) and, for events from a page, that
 * the handler is not backend-only. Throws a `StateError` that says what is wrong.
 */
export function resolveEvent(
  registry: StateRegistry,
  event: EventSpec<unknown>,
  origin: 'server' | 'client' | 'upload',
): EventTarget {
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.state !== 'string' ||
    typeof event.name !== 'string'
  ) {
    throw new StateError(
      'INVALID_EVENT',
      'An event must be an object { state, name, payload } with string state and name.',
    );
  }
  const internals = registry.get(event.state);
  if (!internals) {
    throw new StateError(
      'UNKNOWN_STATE',
      `Unknown state "${truncate(event.state)}"; the app has no state by that name.`,
    );
  }
  const background = internals.background.has(event.name);
  if (!background && !internals.events.has(event.name)) {
    throw new StateError(
      'UNKNOWN_HANDLER',
      `State "${internals.name}" has no handler "${truncate(event.name)}"; declare it in events or background.`,
    );
  }
  if (origin !== 'server' && event.name.startsWith('_')) {
    throw new StateError(
      'FORBIDDEN_HANDLER',
      `Handler "${internals.name}.${event.name}" is backend-only (its name starts with "_"); the page cannot call it.`,
    );
  }
  const upload = internals.uploads.has(event.name);
  if (origin === 'client' && upload) {
    throw new StateError(
      'FORBIDDEN_HANDLER',
      `Handler "${internals.name}.${event.name}" receives uploads; send it a file with useUpload(), not an event.`,
    );
  }
  if (origin === 'upload' && !upload) {
    throw new StateError(
      'FORBIDDEN_HANDLER',
      `Handler "${internals.name}.${event.name}" does not take uploads; declare it with uploadHandler((s, file) => …).`,
    );
  }
  return { internals, background };
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** Why a write through a handler's view fails after the handler: made once per handler, not per event. */
const endedMessages = new WeakMap<DefinitionInternals, Map<string, string>>();

export function endedMessage(internals: DefinitionInternals, name: string): string {
  let messages = endedMessages.get(internals);
  if (!messages) endedMessages.set(internals, (messages = new Map()));
  let message = messages.get(name);
  if (message === undefined) {
    message = `the handler ${internals.name}.${name} has finished, so the change would be lost; dispatch an event or use app.modifyState().`;
    messages.set(name, message);
  }
  return message;
}
