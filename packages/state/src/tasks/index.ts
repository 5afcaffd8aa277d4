/**
 * tasks/ — background tasks: starting (exclusive modes, per-token capacity), running (`task.modify`,
 * `task.state`, the signal), ending (`onTaskEnd`, promoting queued starts), cancelling, and this
 * process's membership of the task registry (leases, dead processes, expired tokens).
 *
 * May import: inspect/, step/ and below, and the root's errors and logger.
 */

export { sleep } from './sleep.js';
export { TaskSet } from './taskSet.js';
