/**
 * managers/ — where documents are stored and locked: the `StateManager` interface, the memory
 * manager, its replay log and task registry, and an update's JSON made once for the stores and the
 * socket. The Redis manager implements the same interfaces in `@core/server/redis`.
 *
 * May import: scopes/, collections/ and the root's errors and protocol types.
 */

export type { AppTaskLeaseHolder, AppTaskLeases } from './appTaskLeases.js';
export { checkPresence, PRESENCE_LIMITS } from './checkPresence.js';
export { EncodedUpdate, encodedMessage, encodeUpdate, patchMessage } from './encodedUpdate.js';
export { MemoryAppTaskLeases } from './memoryAppTaskLeases.js';
export { MemoryPresenceRegistry } from './memoryPresenceRegistry.js';
export { MemoryStateManager, type MemoryStateManagerOptions, type MemoryStateSnapshot } from './memoryStateManager.js';
export { MemoryTaskRegistry } from './memoryTaskRegistry.js';
export type {
  PresenceChange,
  PresenceEntry,
  PresenceList,
  PresenceMember,
  PresenceMeta,
  PresenceRegistry,
} from './presenceRegistry.js';
export {
  type ReplayedUpdates,
  ReplayLog,
  type ReplayLogOptions,
  type ResolvedReplayLogOptions,
  resolveReplayLogOptions,
} from './replayLog.js';
export type { LockOptions, StateLease, StateManager, StateManagerHealth } from './stateManager.js';
export {
  joinTimeOf,
  newProcessId,
  type TaskRegistry,
  type TaskRegistryMember,
  type TickReport,
} from './taskRegistry.js';
