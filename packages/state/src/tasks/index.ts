/**
 * tasks/ — background tasks: starting (exclusive modes, per-token capacity), running (`task.modify`,
 * `task.state`, the signal), ending (`onTaskEnd`, promoting queued starts), cancelling, and this
 * process's membership of the task registry (leases, dead processes, expired tokens).
 *
 * May import: inspect/, step/ and below, and the root's errors and logger.
 */

export {
  type AppTaskEvent,
  type AppTaskInfo,
  AppTaskRunner,
  type AppTaskRunnerHost,
  type AppTaskSpec,
  type AppTaskState,
} from './appTaskRunner.js';
export { AppTasks } from './appTasks.js';
export { CronExpression } from './cronExpression.js';
export { type AppTaskContext, type AppTaskDefinition, defineAppTask } from './defineAppTask.js';
export { parseDuration, resolveSchedule, type Schedule, type ScheduleOptions, waitForNext } from './schedule.js';
export { sleep } from './sleep.js';
export { TaskSet } from './taskSet.js';
