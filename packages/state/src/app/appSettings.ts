import { StateError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { StateManager } from '../managers/index.js';
import { MemoryStateManager } from '../managers/index.js';
import type { Presence } from '../presence/index.js';
import type { AppEnvironment } from './appOptions.js';

/** An app's environment once resolved: what it runs with from its first token to its close. */
export interface ResolvedAppSettings {
  readonly stateManager: StateManager;
  readonly logger: Logger;
  readonly dev: boolean;
  readonly presence: Presence | undefined;
  readonly router: boolean;
}

/**
 * An app's environment, resolved once (as Vite resolves its config): what `createApp` was given,
 * with what its host passes in (`resolveApp` in `@core/state/internal`: a server's logger, mode,
 * presence and router, a CLI's state manager through the server) filling in the rest. The app's
 * own settings win; a state manager given both ways must be the same one. It is resolved by the
 * host before the app serves a token, or with the defaults when the first token is served; after
 * that nothing changes it.
 */
export class AppSettings {
  readonly #own: AppEnvironment;
  #resolved: ResolvedAppSettings | undefined;
  /** The default manager, made when someone looks before the app is resolved. */
  #defaultManager: StateManager | undefined;

  constructor(own: AppEnvironment) {
    this.#own = own;
  }

  /** True once resolved (by the host, or by the first token served). */
  get resolved(): boolean {
    return this.#resolved !== undefined;
  }

  /** The settings to work with: resolved with the defaults now if no host resolved them. */
  get current(): ResolvedAppSettings {
    return this.#resolved ?? this.resolve({});
  }

  /** The state manager, without resolving (what it is, or will be without a host's). */
  get stateManager(): StateManager {
    return (
      this.#resolved?.stateManager ?? this.#own.stateManager ?? (this.#defaultManager ??= new MemoryStateManager())
    );
  }

  /** The logger, without resolving. */
  get logger(): Logger {
    return this.#resolved?.logger ?? this.#own.logger ?? silentLogger;
  }

  /** Development mode, without resolving. */
  get dev(): boolean {
    return this.#resolved?.dev ?? this.#own.dev ?? false;
  }

  /** Which tabs are connected across processes (the host's), without resolving. */
  get presence(): Presence | undefined {
    return this.#resolved?.presence ?? this.#own.presence;
  }

  /** True when the app includes the built-in `router` state, without resolving. */
  get router(): boolean {
    return this.#resolved?.router ?? this.#own.router ?? false;
  }

  /**
   * Resolves the environment with what the host passes in (after `check`, which may refuse it
   * without resolving anything); throws `INVALID_CONFIG` when it was
   * resolved already (a second server, or after the app served a token) or when the host passes a
   * state manager other than the app's own — state would otherwise be split across stores.
   */
  resolve(host: AppEnvironment, check?: (settings: ResolvedAppSettings) => void): ResolvedAppSettings {
    if (this.#resolved) {
      throw new StateError(
        'INVALID_CONFIG',
        'Cannot resolve the app again: it was resolved by a server or by serving its first token; create its server once, before it serves any token.',
      );
    }
    const own = this.#own;
    if (own.stateManager && host.stateManager && own.stateManager !== host.stateManager) {
      throw new StateError(
        'INVALID_CONFIG',
        'The app was created with its own stateManager and its host passes another (REDIS_URL?); give the state manager in one place.',
      );
    }
    const settings: ResolvedAppSettings = {
      stateManager: own.stateManager ?? host.stateManager ?? this.stateManager,
      logger: own.logger ?? host.logger ?? silentLogger,
      dev: own.dev ?? host.dev ?? false,
      presence: own.presence ?? host.presence,
      router: (own.router ?? false) || (host.router ?? false),
    };
    // The host's own checks of what it will run with (a secret, its options): a failure leaves
    // the app unresolved, so a corrected host can try again.
    check?.(settings);
    this.#resolved = settings;
    return settings;
  }
}
