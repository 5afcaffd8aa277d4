import type { TaskEndReason, TaskEntry, TokenDoc } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { runLockedStep } from '../step/index.js';
import { cancelAll, decideEnd } from './taskBook.js';

/** What recording an end needs from its task set. */
export interface TaskEndHost {
  readonly runtime: StepRuntime;
  /** Reports a failure to the token's page and the log. */
  report(token: string, error: unknown, handler: string): void;
  /** True once the app refuses new tasks: no waiting start is promoted then. */
  closed(): boolean;
}

/** What is left to do after an end: the entries to run here now, from the document after the step. */
export interface TaskEndOutcome {
  readonly launch: readonly TaskEntry[];
  readonly doc: TokenDoc | undefined;
}

/**
 * Records that `ended` ended, as one locked step: its entry leaves the registry, the next waiting
 * start of the same task (if any) is promoted to run on process `self`, and the state's
 * `onTaskEnd` runs — or, for a resumable task whose process died, it is taken over instead.
 * Nothing happens when the entry is gone or, with `expectProcess`, moved to another process. A
 * failing `onTaskEnd` is reported; the promoted entries are returned all the same.
 */
export async function runTaskEndStep(
  host: TaskEndHost,
  self: string,
  token: string,
  ended: TaskEntry,
  reason: TaskEndReason,
  expectProcess?: string,
): Promise<TaskEndOutcome> {
  const { runtime } = host;
  let launch: TaskEntry[] = [];
  let doc: TokenDoc | undefined;
  try {
    const internals = runtime.registry.get(ended.state);
    const step = await runLockedStep(
      runtime,
      token,
      { returnsChain: true, own: internals, ended: `onTaskEnd of ${ended.state}.${ended.name} has finished.` },
      (scope) => {
        const resume = internals?.taskOptions.get(ended.name)?.resume === true;
        const options = { reason, resume, self, promote: !host.closed(), expectProcess };
        const decision = decideEnd(scope.tasks, ended.id, options);
        if (!decision) return undefined;
        scope.setTasks(decision.tasks);
        launch = [...decision.launch];
        const hook = internals?.onTaskEnd;
        const current = decision.ended;
        if (!internals || !hook || !current) return undefined;
        const info = { name: current.name, reason, payload: current.payload, id: current.id };
        return hook(scope.view(internals), info, scope.access);
      },
    );
    doc = step.doc;
  } catch (error) {
    host.report(token, error, `${ended.state}.onTaskEnd`);
    if (launch.length > 0) doc = await runtime.manager.get(token).catch(() => undefined);
  }
  return { launch, doc };
}

/**
 * Marks every task of `token` cancelled in its registry (queued starts dropped), as one locked
 * step, unless none is left to cancel; returns the entries it hit, for their processes to abort.
 */
export async function cancelAllStep(runtime: StepRuntime, token: string): Promise<TaskEntry[]> {
  const doc = await runtime.manager.get(token);
  if (!doc?.tasks?.some((entry) => !entry.cancelled || entry.queued)) return [];
  let hit: TaskEntry[] = [];
  await runLockedStep(runtime, token, { ended: 'the task registry step has ended.' }, (scope) => {
    const decision = cancelAll(scope.tasks);
    hit = decision.hit;
    scope.setTasks(decision.tasks);
  });
  return hit;
}
