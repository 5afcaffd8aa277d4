import type { ClientApi } from '../client/index.js';
import type {
  AnyStateDefinition,
  AppHandle,
  DeepReadonly,
  EventSpec,
  HandlerContext,
  HandlerPresence,
  RouterData,
  StateOf,
  TaskTarget,
} from '../definition/index.js';
import type { TaskInfo } from '../scopes/index.js';
import type { StepEffects } from './stepEffects.js';

/**
 * The handler context of one step (`ctx` of a handler, `tx` of a block), backed by the step's
 * {@link StepEffects}. One small object per step: its getters read the step, and each method is
 * bound the first time it is read, so that `const { get, dispatch } = ctx` works and a step that
 * never calls `join` or `signIn` pays nothing for them.
 */
export function createHandlerContext(effects: StepEffects, app: AppHandle): HandlerContext {
  return new StepContext(effects, app);
}

/** The methods of the context, bound to the step on first use. */
type BoundName =
  | 'get'
  | 'dispatch'
  | 'join'
  | 'leave'
  | 'signIn'
  | 'signOut'
  | 'cancel'
  | 'room'
  | 'reset'
  | 'recompute';

const HOST: unique symbol = Symbol('host');
const BOUND: unique symbol = Symbol('bound');

/** The object behind {@link createHandlerContext} (its methods on the prototype). */
class StepContext implements HandlerContext {
  readonly app: AppHandle;
  readonly token: string;
  private readonly [HOST]: StepEffects;
  private [BOUND]: Record<string, unknown> | undefined;

  constructor(host: StepEffects, app: AppHandle) {
    this.app = app;
    this.token = host.token;
    this[HOST] = host;
    this[BOUND] = undefined;
  }

  get session(): string | undefined {
    return this[HOST].session();
  }

  get user(): unknown {
    return this[HOST].user();
  }

  get tasks(): readonly TaskInfo[] {
    return this[HOST].tasks();
  }

  get router(): DeepReadonly<RouterData> {
    return this[HOST].router() as DeepReadonly<RouterData>;
  }

  get client(): ClientApi {
    return this[HOST].client();
  }

  get presence(): HandlerPresence | undefined {
    return this[HOST].presence();
  }

  get get(): <TDef extends AnyStateDefinition>(definition: TDef) => Promise<StateOf<TDef>> {
    return this.#bind('get') as never;
  }

  get dispatch(): (event: EventSpec<any> | readonly EventSpec<any>[]) => void {
    return this.#bind('dispatch') as never;
  }

  get join(): (definition: AnyStateDefinition, key: string) => void {
    return this.#bind('join') as never;
  }

  get leave(): (definition: AnyStateDefinition) => void {
    return this.#bind('leave') as never;
  }

  get signIn(): (user: unknown) => Promise<void> {
    return this.#bind('signIn') as never;
  }

  get signOut(): () => Promise<void> {
    return this.#bind('signOut') as never;
  }

  get cancel(): (target: TaskTarget) => void {
    return this.#bind('cancel') as never;
  }

  get room(): (definition: AnyStateDefinition) => string | undefined {
    return this.#bind('room') as never;
  }

  get reset(): HandlerContext['reset'] {
    return this.#bind('reset') as never;
  }

  get recompute(): HandlerContext['recompute'] {
    return this.#bind('recompute') as never;
  }

  #bind(name: BoundName): unknown {
    const bound = (this[BOUND] ??= {});
    const host = this[HOST];
    bound[name] ??= (host[name] as (...args: unknown[]) => unknown).bind(host);
    return bound[name];
  }
}
