import type { DefinitionInternals, DispatchOptions, EventSpec } from '../definition/index.js';
import { checkPayload } from '../definition/index.js';
import type { EventTrace } from '../inspect/index.js';
import type { Logger } from '../logger.js';
import type { TaskRegistryMember } from '../managers/index.js';
import type { TaskEndReason, TaskEntry, TokenDoc } from '../scopes/index.js';
import { hasRun } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { runLockedStep } from '../step/index.js';
import { decideStart, newEntry, type StartDecision } from './taskBook.js';

/** Why a write through a view fails once a step of the task registry has ended. */
export const ENDED = 'the task registry step has ended.';

/** How a task came to run here: the trace of the event that started it (devtools) and who asked. */
export interface TaskStarted {
  readonly trace?: EventTrace;
  readonly origin: 'page' | 'server';
}

/** What a start needs from its task set. */
export interface TaskStartContext {
  readonly runtime: StepRuntime;
  logger(): Logger;
  /** This process's registry member (joined on first use). */
  join(): Promise<TaskRegistryMember>;
  /** Whether the process of an entry renews its lease. */
  isAlive(processId: string): boolean;
  /** Throws `APP_CLOSED` once the app refuses new tasks. */
  checkOpen(): void;
  /** Throws `TOO_MANY_TASKS` when `token` already runs `maxTasksPerToken` tasks here. */
  checkCapacity(token: string, label: string): void;
  /** Runs an entry's task here (`registered` settles once a step has stored its entry). */
  launch(
    token: string,
    entry: TaskEntry,
    doc: TokenDoc | undefined,
    registered: Promise<TokenDoc | undefined> | undefined,
    started: TaskStarted,
  ): Promise<void>;
  /** Records that an entry ended (`onTaskEnd`). */
  end(token: string, entry: TaskEntry, reason: TaskEndReason, expectProcess?: string): Promise<void>;
  /** Aborts or asks to abort the entries a start cancelled (`restart`). */
  cancelled(token: string, entries: readonly TaskEntry[]): void;
  /** Keeps `work` in the set's in-flight work until it settles. */
  track<T>(work: Promise<T>): Promise<T>;
}

/**
 * Starts `spec`'s task on `token`, or skips or queues it, resolving once decided: the payload is
 * checked and the capacity too; a start from a page is skipped when it already ran and recorded
 * otherwise; a plain task runs at once while a step adds its entry, and an exclusive one waits for
 * the step that decides it by its mode (`decideStart`), after ending the entries of dead processes.
 */
export async function startTask(
  ctx: TaskStartContext,
  token: string,
  internals: DefinitionInternals,
  spec: EventSpec,
  options: DispatchOptions,
  trace: EventTrace | undefined,
): Promise<void> {
  const origin = options.origin === 'client' ? 'page' : 'server';
  const label = `${internals.name}.${spec.name}`;
  ctx.checkCapacity(token, label);
  const handler = internals.background.get(spec.name);
  const payload = await checkPayload(handler, spec.payload, label);
  const member = await ctx.join();
  ctx.checkOpen();
  await member.track(token);
  const mode = internals.taskOptions.get(spec.name)?.exclusive;
  // A start from a page is skipped when the token already recorded its id, and recorded by a
  // step of its own — by id, not by position: a start bypasses the token's queue, so the page's
  // earlier events may still wait there (a recorded position would make them look like resends)
  // and its later ones may be recorded first (which must not make the start look like one). A
  // resend racing that record in the same instant could start twice, as before.
  if (options.id !== undefined && (await alreadyRan(ctx.runtime, token, options))) return;
  if (options.id !== undefined) recordStart(ctx, token, options);
  if (mode === undefined) {
    // Nothing to decide: the task starts at once, without the token's lock (a start does not
    // wait for a handler holding it). Its entry is added by a step queued for the lock now; the
    // task's first modify waits for it.
    ctx.checkOpen();
    ctx.checkCapacity(token, label);
    const entry = newEntry(internals.name, spec.name, payload, member.id);
    const registered = (async () => {
      const step = await runLockedStep(ctx.runtime, token, { ended: ENDED }, (scope) => {
        scope.setTasks([...scope.tasks, entry]);
      });
      return step.doc;
    })();
    await ctx.launch(token, entry, undefined, registered, { trace, origin });
    return;
  }
  for (;;) {
    const step = await runLockedStep<StartDecision>(ctx.runtime, token, { ended: ENDED }, (scope) => {
      ctx.checkOpen();
      const entry = newEntry(internals.name, spec.name, payload, member.id);
      const decision = decideStart(scope.tasks, entry, mode, (id) => ctx.isAlive(id));
      if (decision.kind === 'decided' && decision.tasks) {
        if (decision.launch.length > 0) ctx.checkCapacity(token, label);
        scope.setTasks(decision.tasks);
      }
      return decision;
    });
    const outcome = step.result;
    if (outcome.kind === 'reap') {
      // Entries of dead processes end first (onTaskEnd: 'process died'), then the start is decided.
      for (const entry of outcome.dead) await ctx.end(token, entry, 'process died', entry.process);
      continue;
    }
    ctx.cancelled(token, outcome.cancel);
    for (const entry of outcome.launch) await ctx.launch(token, entry, step.doc, undefined, { trace, origin });
    return;
  }
}

function recordStart(ctx: TaskStartContext, token: string, options: DispatchOptions): void {
  const { id, session } = options;
  const work = (async () => runLockedStep(ctx.runtime, token, { eventId: id, session, ended: ENDED }, () => {}))();
  ctx.track(work).catch((error: unknown) => ctx.logger().warn('Recording a task start failed', { token, error }));
}

async function alreadyRan(runtime: StepRuntime, token: string, options: DispatchOptions): Promise<boolean> {
  const doc = await runtime.manager.get(token);
  if (!doc) return false;
  return hasRun(doc, options.id as string);
}
