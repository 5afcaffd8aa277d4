import { RouterState } from './routerState.js';
import { StateRegistry } from './stateRegistry.js';
import type { AnyStateDefinition } from './stateShape.js';

/**
 * The state definitions an app serves and their registry, which holds the built-in `router` state
 * too once the router is enabled.
 */
export class AppStates {
  readonly registry: StateRegistry;
  #definitions: readonly AnyStateDefinition[];
  #router: boolean;

  constructor(states: readonly AnyStateDefinition[], router: boolean) {
    this.#router = router;
    this.#definitions = states;
    this.registry = new StateRegistry(this.#withRouter(states));
  }

  /** The definitions as given (without the built-in `router` state). */
  get definitions(): readonly AnyStateDefinition[] {
    return this.#definitions;
  }

  /** True when the registry includes the built-in `router` state. */
  get hasRouter(): boolean {
    return this.#router;
  }

  /** Swaps in new definitions (hot reload). */
  replace(states: readonly AnyStateDefinition[]): void {
    this.registry.replace(this.#withRouter(states));
    this.#definitions = states;
  }

  /** Includes the built-in `router` state from now on. */
  enableRouter(): void {
    if (this.#router) return;
    this.#router = true;
    this.registry.replace(this.#withRouter(this.#definitions));
  }

  #withRouter(states: readonly AnyStateDefinition[]): readonly AnyStateDefinition[] {
    return this.#router && !states.includes(RouterState) ? [RouterState, ...states] : states;
  }
}
