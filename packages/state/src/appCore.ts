import type { AppSettings } from './appSettings.js';
import type { AppOptions } from './appTypes.js';
import { ComputedVars } from './computedVars.js';
import { describeFailure } from './errorReport.js';
import { isStateError, type StateError } from './errors.js';
import { EventQueue } from './eventQueue.js';
import type { Inspector } from './inspector.js';
import type { StateRegistry } from './stateRegistry.js';
import type { StepRuntime } from './stepRuntime.js';
import { TaskSet } from './taskSet.js';
import type { AppHandle } from './types.js';
import type { UpdateHub } from './updateHub.js';

/** What the core of an app is built from: the parts `App` owns itself. */
export interface AppCoreHost {
  readonly env: AppSettings;
  readonly hub: UpdateHub;
  readonly inspector: Inspector;
  readonly registry: StateRegistry;
  /** False once the app is closed: no more events run. */
  isOpen(): boolean;
}

/** The parts of an app that run its steps, wired to each other. */
export interface AppCore {
  /** What every locked step of the app gets (`lockedStep.ts`). */
  readonly runtime: StepRuntime;
  readonly tasks: TaskSet;
  readonly events: EventQueue;
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
  let joined = false;
  const join = () => {
    joined = true;
    // Every process joins the task registry once it serves tokens: a survivor that never ran a
    // task must still notice a dead process and end its tasks.
    tasks.join().catch((error: unknown) => {
      if (isStateError(error, 'APP_CLOSED')) return;
      joined = false;
      env.logger.warn('Joining the task registry failed; retrying at the next step', { error });
    });
  };
  const runtime: StepRuntime = {
    get manager() {
      const manager = env.stateManager;
      if (!joined) join();
      return manager;
    },
    registry: host.registry,
    computed: new ComputedVars(),
    get logger() {
      return env.logger;
    },
    send: (token, update, epoch) => hub.update(token, update, epoch),
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
  };
  /** Reports a failure to the token's page and the logger; returns the error to rethrow. */
  const report = (token: string, error: unknown, handler: string): StateError => {
    const { wrapped, report } = describeFailure(error, handler, env.dev);
    env.logger.error(wrapped.message, { token, handler, error });
    hub.error(token, report);
    return wrapped;
  };
  const tasks = new TaskSet({
    runtime,
    app: handle,
    logger: () => env.logger,
    report,
    maxPerToken: options.maxTasksPerToken ?? 100,
    tokenCheckInterval: options.taskTokenCheckInterval ?? 10_000,
    registry: () => env.peekStateManager().taskRegistry,
    inspector: host.inspector,
    chain: (token, events, from) => queue.chain(token, events, from),
  });
  const queue = new EventQueue({
    runtime,
    app: handle,
    inspector: host.inspector,
    report,
    startTask: (token, internals, spec, _dedupe, trace) => tasks.start(token, internals, spec, {}, trace),
    isOpen: host.isOpen,
  });
  return { runtime, tasks, events: queue };
}
