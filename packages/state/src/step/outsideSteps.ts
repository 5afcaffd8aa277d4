import { isCollectionStore, mapCollectionVars } from '../collections/index.js';
import type { HandlerContext } from '../definition/index.js';
import type { TaskEntry } from '../scopes/index.js';
import { type ScopeRef, sharedKey } from '../scopes/index.js';
import { loadCurrentDoc } from './currentDoc.js';
import { runLockedStep } from './lockedStep.js';
import type { StepRuntime } from './stepRuntime.js';

/** Why a write through a view fails once the step of an outside caller has ended. */
export const ENDED_BLOCK = 'its modify() block has ended; write inside await task.modify((s) => { ... }) instead.';

/** The locked step of `app.modifyState`: `fn` under the lock of a token or shared document. */
export async function modifyStateStep<TResult>(
  runtime: StepRuntime,
  target: string | ScopeRef,
  fn: (tx: HandlerContext) => TResult | Promise<TResult>,
): Promise<TResult> {
  const key = typeof target === 'string' ? target : sharedKey(target);
  const hold = { owner: undefined, nested: '' };
  const step = await runLockedStep<TResult>(runtime, key, { hold, ended: ENDED_BLOCK }, (s) => fn(s.access));
  return step.result;
}

/** Links a tab to its page's browser session in a locked step, unless it is linked already. */
export async function linkSessionStep(runtime: StepRuntime, token: string, session: string): Promise<void> {
  const doc = await runtime.manager.get(token);
  if (doc?.links?.session === session) return;
  await runLockedStep(runtime, token, { session, ended: ENDED_BLOCK }, () => undefined);
}

/** Copies token `from`'s document to `to`; the copied running tasks end there (`onTaskEnd`, cancelled). */
export async function copyStateStep(
  runtime: StepRuntime,
  tasks: { endCopied(token: string, entries: readonly TaskEntry[]): Promise<void> },
  from: string,
  to: string,
): Promise<void> {
  const source = await loadCurrentDoc(runtime, from);
  // The copy keeps the running entries without a process (no task is theirs), to end them there.
  const copied: TaskEntry[] = (source.tasks ?? [])
    .filter((entry) => !entry.queued)
    .map((entry) => ({ ...entry, process: '' }));
  const { tasks: _tasks, ...rest } = source;
  // The copy gets collections of its own: they change in place when a step commits.
  rest.states = mapCollectionVars(rest.states, isCollectionStore, (store) => store.copy());
  const doc = copied.length > 0 ? { ...rest, tasks: copied } : rest;
  await runLockedStep(runtime, to, { ended: ENDED_BLOCK }, (s) => s.replaceDocument(doc));
  await tasks.endCopied(to, copied);
}
