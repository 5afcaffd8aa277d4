import type { AppEnvironment, Presence } from './appTypes.js';
import { StateError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import { MemoryStateManager } from './managers/memoryStateManager.js';
import type { StateManager } from './managers/stateManager.js';

const KEYS = ['stateManager', 'logger', 'dev', 'presence'] as const;

/**
 * An app's environment, set once: each part at `createApp` or by one `configure()`, and none after
 * the app has served its first token (reading `stateManager` for work marks it started). A late or
 * second setting throws instead of depending on the order of calls.
 */
export class AppSettings {
  #stateManager: StateManager = new MemoryStateManager();
  #logger: Logger = silentLogger;
  #dev = false;
  #presence: Presence | undefined;
  #started = false;
  readonly #configured = new Set<keyof AppEnvironment>();

  /** The state manager, for work: from now on the environment is fixed. */
  get stateManager(): StateManager {
    this.#started = true;
    return this.#stateManager;
  }

  /** The state manager, without starting the app (to inspect or export it). */
  peekStateManager(): StateManager {
    return this.#stateManager;
  }

  get logger(): Logger {
    return this.#logger;
  }

  get dev(): boolean {
    return this.#dev;
  }

  get presence(): Presence | undefined {
    return this.#presence;
  }

  /** Which parts were set explicitly. */
  get configured(): ReadonlySet<keyof AppEnvironment> {
    return this.#configured;
  }

  /** Sets the given parts; throws `INVALID_CONFIG` after the start or for a part set to another value before. */
  configure(environment: AppEnvironment): void {
    for (const key of KEYS) {
      const value = environment[key];
      if (value === undefined) continue;
      if (this.#started) {
        throw new StateError(
          'INVALID_CONFIG',
          `Cannot set ${key}: the app has already served a token; configure it first.`,
        );
      }
      if (this.#configured.has(key) && this.#current(key) !== value) {
        throw new StateError('INVALID_CONFIG', `Cannot set ${key} twice; the app's ${key} was already set.`);
      }
      if (key === 'stateManager') this.#stateManager = value as StateManager;
      else if (key === 'logger') this.#logger = value as Logger;
      else if (key === 'presence') this.#presence = value as Presence;
      else this.#dev = value as boolean;
      this.#configured.add(key);
    }
  }

  #current(key: keyof AppEnvironment): unknown {
    if (key === 'stateManager') return this.#stateManager;
    if (key === 'presence') return this.#presence;
    return key === 'logger' ? this.#logger : this.#dev;
  }
}
