import { floatReplacer } from '../client/index.js';
import type { Patch, PatchMessage, StateUpdate } from '../protocol.js';
import { sourceOf } from '../scopes/docKey.js';

/**
 * An update as the runtime makes it: a plain `StateUpdate` to everything that reads it, which
 * also carries its JSON, made once on first use (the object is immutable). The memory manager's
 * replay log counts its bytes with it, the Redis manager stores it, and the page's message is
 * this text with the document's epoch (and source) appended: the patches are serialised once.
 */
export class EncodedUpdate implements StateUpdate {
  readonly seq: number;
  readonly patches: readonly Patch[];
  readonly eventId?: string;
  readonly floats?: true;
  #json: string | undefined;

  constructor(seq: number, patches: readonly Patch[], eventId: string | undefined, floats: boolean) {
    this.seq = seq;
    this.patches = patches;
    if (eventId !== undefined) this.eventId = eventId;
    if (floats) this.floats = true;
  }

  /** Its JSON (`NaN` and the infinities as their reserved strings), made once. */
  get json(): string {
    this.#json ??= this.floats ? JSON.stringify(this, floatReplacer) : JSON.stringify(this);
    return this.#json;
  }
}

/** The JSON of an update: made once for one the runtime made, else now. */
export function encodeUpdate(update: StateUpdate): string {
  if (update instanceof EncodedUpdate) return update.json;
  return update.floats ? JSON.stringify(update, floatReplacer) : JSON.stringify(update);
}

/**
 * The message a page gets for `update` of document `key` (`core:patch`): the update with its
 * document's epoch and, for a shared document, its source. Its JSON rides along, out of sight of
 * anything that copies or serialises the object otherwise (a socket.io adapter to other
 * processes): {@link encodedMessage} gives it to the socket's encoder.
 */
export function patchMessage(update: StateUpdate, key: string, epoch: string): PatchMessage {
  return new EncodedMessage(update, sourceOf(key), epoch);
}

/** The JSON of a message made by {@link patchMessage}; undefined for anything else. */
export function encodedMessage(value: unknown): string | undefined {
  return value instanceof EncodedMessage ? value.json : undefined;
}

/** A `core:patch` message that carries its JSON (see {@link patchMessage}). */
class EncodedMessage implements PatchMessage {
  readonly seq: number;
  readonly patches: readonly Patch[];
  readonly eventId?: string;
  readonly floats?: true;
  readonly epoch?: string;
  readonly source?: string;
  readonly #update: StateUpdate;

  constructor(update: StateUpdate, source: string | undefined, epoch: string) {
    this.#update = update;
    this.seq = update.seq;
    this.patches = update.patches;
    if (update.eventId !== undefined) this.eventId = update.eventId;
    if (update.floats) this.floats = true;
    if (epoch || source) this.epoch = epoch;
    if (source) this.source = source;
  }

  get json(): string {
    const text = encodeUpdate(this.#update);
    const { epoch, source } = this;
    if (epoch === undefined && source === undefined) return text;
    const extra =
      (epoch === undefined ? '' : `,"epoch":${JSON.stringify(epoch)}`) +
      (source ? `,"source":${JSON.stringify(source)}` : '');
    return `${text.slice(0, -1)}${extra}}`;
  }
}
