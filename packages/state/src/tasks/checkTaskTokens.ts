import type { StepRuntime } from '../step/index.js';
import type { RunningTask } from './runningTask.js';

/**
 * For tasks that have not written for `interval` ms: is their token's document still the one they
 * started on, with their entry? If not, the token expired (or this process was declared dead) and
 * the task is aborted with that reason; a task cancelled meanwhile is aborted as cancelled.
 */
export async function checkTaskTokens(
  running: Iterable<RunningTask>,
  runtime: StepRuntime,
  interval: number,
): Promise<void> {
  const now = Date.now();
  const due = new Map<string, RunningTask[]>();
  for (const task of running) {
    if (task.signal.aborted || now - task.lastSeen < interval) continue;
    let list = due.get(task.token);
    if (!list) due.set(task.token, (list = []));
    list.push(task);
  }
  for (const [token, tasks] of due) {
    const doc = await runtime.manager.get(token);
    for (const task of tasks) {
      task.lastSeen = now;
      const entry = doc?.tasks?.find((e) => e.id === task.id);
      if (!doc || (doc.epoch ?? '') !== task.epoch) task.abort('token expired');
      else if (!entry || entry.process !== task.entry.process) task.abort('process died');
      else if (entry.cancelled) task.abort('cancelled');
    }
  }
}
