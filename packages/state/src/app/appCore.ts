import type { AnyStateDefinition, AppHandle, StateRegistry } from '../definition/index.js';
import { describeFailure, type Failure } from '../errorReport.js';
import { isStateError } from '../errors.js';
import type { Inspector } from '../inspect/index.js';
import type { StateManager } from '../managers/index.js';
import type { PresenceHub } from '../presence/index.js';
import { EventQueue } from '../queue/index.js';
import type { StepRuntime } from '../step/index.js';
import { ComputedVars, settleComputedStep } from '../step/index.js';
import type { UpdateHub } from '../sync/index.js';
import { AppTasks, TaskSet } from '../tasks/index.js';
import type { AppOptions } from './appOptions.js';
import { createAppPresenceHub } from './appPresenceHub.js';
import type { AppSettings } from './appSettings.js';

/** What the core of an app is built from: the parts `App` owns itself. */
export interface AppCoreHost {
  readonly env: AppSettings;
  readonly hub: UpdateHub;
  readonly inspector: Inspector;
  readonly registry: StateRegistry;
  /** The state definitions (the app's, or those of the last reload). */
  definitions(): readonly AnyStateDefinition[];
  /** False once the app is closed: no more events run. */
  isOpen(): boolean;
}

/** The parts of an app that run its steps, wired to each other. */
export interface AppCore {
  /** What every locked step of the app gets (`lockedStep.ts`). */
  readonly runtime: StepRuntime;
  readonly tasks: TaskSet;
  readonly events: EventQueue;
  readonly appTasks: AppTasks;
  readonly presence: PresenceHub;
}

/**
 * Wires an app's step runtime (state manager, updates and client calls to its pages), its
 * background tasks and its per-token event queue, which refer to each other, and reports failures
 * to the token's page and the logger.
 */
export function createAppCore(options: AppOptions, app: AppHandle, host: AppCoreHost): AppCore {
  const { env, hub } = host;
  /** What handlers and tasks get as `ctx.app` / `task.app`. */
  const handle: AppHandle = Object.freeze({
    dispatch: app.dispatch.bind(app),
    modifyState: app.modifyState.bind(app),
    snapshot: app.snapshot.bind(app),
    hydrate: app.hydrate.bind(app),
    tokens: app.tokens.bind(app),
  });
  let joined: StateManager | undefined;
  // The first step resolves the app (if its host did not) and joins the task registry: every
  // process joins once it serves tokens, so a survivor that never ran a task still notices a dead
  // process and ends its tasks.
  const join = (): StateManager => {
    const manager = env.current.stateManager;
    joined = manager;
    tasks.join().catch((error: unknown) => {
      if (isStateError(error, 'APP_CLOSED')) return;
      joined = undefined;
      env.logger.warn('Joining the task registry failed; retrying at the next step', { error });
    });
    return manager;
  };
  const runtime: StepRuntime = {
    app: handle,
    get manager() {
      return joined ?? join();
    },
    registry: host.registry,
    computed: new ComputedVars(host.registry, (flight, result) => settleComputedStep(runtime, flight, result)),
    get logger() {
      return env.logger;
    },
    send: (token, update, epoch) => hub.update(token, update, epoch),
    report: (key, error, name) => void report(key, error, name),
    enqueue: (token, events) => queue.chain(token, events),
    tasks: {
      list: (entries) => tasks.list(entries),
      cancelled: (token, entries) => tasks.cancelled(token, entries),
    },
    client: (token, target) => ({
      deliver: (actions) => hub.action(token, target === undefined ? { actions } : { target, actions }),
      call: (request) => hub.callClient(token, target === undefined ? request : { target, ...request }),
    }),
    clientCallTimeout: options.clientCallTimeout ?? 10_000,
    relinked: (token, links, previous) => hub.relinked(token, links, previous),
    sessionRotated: (token, from, to) => hub.sessionRotated(token, from, to),
    presence: {
      granted: (target, key) => presence.granted(target, key),
      grant: (target, key, meta) => presence.grant(target, key, meta),
    },
  };
  // Logged once; sent to the token's pages unless the page that sent the event learns it from its ack.
  const report = (token: string, error: unknown, handler: string, acked = false): Failure => {
    const failure = describeFailure(error, handler, env.dev);
    // Refused form fields are the person's input, not a fault of the app: one line, no stack.
    if (failure.wrapped.code === 'INVALID_FIELDS') env.logger.info(failure.wrapped.message, { token, handler });
    else env.logger.error(failure.wrapped.message, { token, handler, error });
    if (!acked) hub.error(token, failure.report);
    return failure;
  };
  const tasks = new TaskSet({
    runtime,
    app: handle,
    logger: () => env.logger,
    report,
    maxPerToken: options.maxTasksPerToken ?? 100,
    tokenCheckInterval: options.taskTokenCheckInterval ?? 10_000,
    registry: () => env.stateManager.taskRegistry,
    inspector: host.inspector,
    chain: (token, events, from) => queue.chain(token, events, from),
  });
  const queue = new EventQueue({
    runtime,
    inspector: host.inspector,
    report,
    startTask: (token, internals, spec, _dedupe, trace) => tasks.start(token, internals, spec, {}, trace),
    isOpen: host.isOpen,
  });
  const appTasks = new AppTasks(options.tasks ?? [], {
    app: handle,
    join: () => tasks.join(),
    member: () => tasks.membership.member,
    leases: () => env.stateManager.appTaskLeases,
    logger: () => env.logger,
    modify: (target, fn) => handle.modifyState(target, fn),
    onStart: options.onStart,
  });
  const presence = createAppPresenceHub(options, { env, runtime, tasks, hub, definitions: host.definitions });
  return { runtime, tasks, events: queue, appTasks, presence };
}
