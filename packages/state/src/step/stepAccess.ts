import type { ClientApi } from '../client/clientAction.js';
import type { EventSpec } from '../definition/eventSpec.js';
import type { AppHandle, TaskTarget } from '../definition/handlerContext.js';
import type { RouterData } from '../definition/routerData.js';
import type { AnyStateDefinition, StateOf } from '../definition/stateShape.js';
import type { TaskInfo } from '../tasks/taskEntry.js';

/** What the access object asks of its step (implemented by the runner's `LockedStep`). */
export interface AccessHost {
  readonly token: string;
  session(): string | undefined;
  user(): unknown;
  get(definition: AnyStateDefinition): Promise<unknown>;
  dispatch(event: unknown): void;
  join(definition: AnyStateDefinition, key: string): void;
  leave(definition: AnyStateDefinition): void;
  signIn(user: unknown): Promise<void>;
  signOut(): Promise<void>;
  tasks(): readonly TaskInfo[];
  cancel(target: TaskTarget): void;
  router(): Readonly<RouterData>;
  client(): ClientApi;
}

const HOST: unique symbol = Symbol('host');
const BOUND: unique symbol = Symbol('bound');

/**
 * The `ctx` of a handler and the `tx` of a block. One small object per step: its getters read the
 * step, and each method is bound the first time it is read, so that `const { get, dispatch } =
 * ctx` works and a step that never calls `join` or `signIn` pays nothing for them.
 */
export class StepAccessObject {
  readonly app: AppHandle;
  readonly token: string;
  private readonly [HOST]: AccessHost;
  private [BOUND]: Record<string, unknown> | undefined;

  constructor(host: AccessHost, app: AppHandle) {
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

  get router(): Readonly<RouterData> {
    return this[HOST].router();
  }

  get client(): ClientApi {
    return this[HOST].client();
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

  #bind(name: 'get' | 'dispatch' | 'join' | 'leave' | 'signIn' | 'signOut' | 'cancel'): unknown {
    const bound = (this[BOUND] ??= {});
    const host = this[HOST];
    bound[name] ??= (host[name] as (...args: unknown[]) => unknown).bind(host);
    return bound[name];
  }
}
