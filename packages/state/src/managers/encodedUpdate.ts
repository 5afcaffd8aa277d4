import { floatReplacer } from '../client/index.js';
import type { PatchMessage, StateUpdate } from '../protocol.js';
import { sourceOf } from '../scopes/index.js';

/** An update's JSON, made once per update (the update objects are immutable). */
const texts = new WeakMap<StateUpdate, string>();
/** The JSON of a page's message, carried beside it for the socket's encoder. */
const ENCODED: unique symbol = Symbol('core.encoded');

/**
 * The JSON of `update`, made once: the memory manager's replay log counts its bytes with it, the
 * Redis manager stores it in its log, and the message a page gets is this text with the
 * document's epoch (and source) appended — the patches are serialised once per update.
 */
export function encodeUpdate(update: StateUpdate): string {
  let text = texts.get(update);
  if (text === undefined) {
    text = update.floats ? JSON.stringify(update, floatReplacer) : JSON.stringify(update);
    texts.set(update, text);
  }
  return text;
}

/**
 * The message a page gets for `update` of document `key` (`core:patch`): the update with its
 * document's epoch and, for a shared document, its source. Its JSON rides along, out of sight of
 * anything that copies or serialises the object otherwise (a socket.io adapter to other
 * processes): {@link encodedMessage} gives it to the socket's encoder.
 */
export function patchMessage(update: StateUpdate, key: string, epoch: string): PatchMessage {
  const source = sourceOf(key);
  const message: PatchMessage = source ? { ...update, epoch, source } : epoch ? { ...update, epoch } : { ...update };
  const text = encodeUpdate(update);
  const extra =
    (epoch ? `,"epoch":${JSON.stringify(epoch)}` : '') + (source ? `,"source":${JSON.stringify(source)}` : '');
  Object.defineProperty(message, ENCODED, { value: extra ? `${text.slice(0, -1)}${extra}}` : text });
  return message;
}

/** The JSON of a message made by {@link patchMessage}; undefined for anything else. */
export function encodedMessage(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { [ENCODED]?: string })[ENCODED] : undefined;
}
