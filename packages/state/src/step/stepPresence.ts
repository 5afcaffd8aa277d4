import type { HandlerPresence } from '../definition/index.js';
import { StateError } from '../errors.js';
import { checkPresence, type PresenceMeta } from '../managers/index.js';
import type { StepPresenceHooks } from './stepRuntime.js';

/**
 * `ctx.presence` of one step: what handlers set for the step's page in the list of `key`, checked
 * at each call and handed to the app's presence when the step commits ({@link flush}).
 */
export class StepPresence implements HandlerPresence {
  readonly #hooks: StepPresenceHooks;
  readonly #target: string;
  readonly #key: string;
  #meta: PresenceMeta;
  #changed = false;

  constructor(hooks: StepPresenceHooks, target: string, key: string, meta: PresenceMeta) {
    this.#hooks = hooks;
    this.#target = target;
    this.#key = key;
    this.#meta = meta;
  }

  get meta(): PresenceMeta {
    return this.#meta;
  }

  readonly set = (meta: Readonly<Record<string, unknown>>): void => {
    this.#meta = checked(this.#key, meta, 'set');
    this.#changed = true;
  };

  readonly update = (fields: Readonly<Record<string, unknown>>): void => {
    checked(this.#key, fields, 'update');
    this.#meta = checked(this.#key, { ...this.#meta, ...fields }, 'update');
    this.#changed = true;
  };

  /** The step committed: what it set goes to the list (once per change). */
  flush(): void {
    if (!this.#changed) return;
    this.#changed = false;
    this.#hooks.grant(this.#target, this.#key, this.#meta);
  }
}

/** A copy of `meta` as JSON gives it back, or the reason it is refused, naming the call. */
function checked(key: string, meta: Readonly<Record<string, unknown>>, call: string): PresenceMeta {
  try {
    return JSON.parse(checkPresence(key, 'handler', meta)) as PresenceMeta;
  } catch (error) {
    if (!(error instanceof StateError)) throw error;
    throw new StateError('INVALID_PRESENCE', `ctx.presence.${call}(): ${error.message.replace('[core/state] ', '')}`, {
      cause: error,
    });
  }
}
