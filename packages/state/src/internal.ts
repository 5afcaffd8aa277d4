/**
 * `@core/state/internal`: what the framework's own packages need from the runtime — the app's one
 * resolve step and the port a transport talks to it through, the one redaction of failures, replay
 * logs, the task registry, scope keys — and the framework-level types of the client side. Not for
 * apps: nothing here is part of the API an app writes, and it may change in any release.
 */

export type { AppEnvironment, AppHost, AppPort, PresencePort, ResolvedAppSettings, TabHydration } from './app/index.js';
export { resolveApp } from './app/index.js';
export type {
  ClientAction,
  ClientCallAnswer,
  ClientCallErrorCode,
  ClientFunctionPayload,
  ClientFunctionResult,
} from './client/index.js';
export type {
  DispatchOptions,
  EventContext,
  RouterNavigation,
  StorageBinding,
  Transaction,
  UploadHandlerInfo,
  UploadSource,
} from './definition/index.js';
export { describeUploadHandler, isEventSpec, runUploadStream } from './definition/index.js';
export { describeFailure, type Failure, reportFailure } from './errorReport.js';
export type {
  EventOrigin,
  InspectedError,
  InspectedTab,
  InspectOptions,
  InspectorListener,
  InspectorRecord,
} from './inspect/index.js';
export type {
  AppTaskLeaseHolder,
  AppTaskLeases,
  LockOptions,
  MemoryStateSnapshot,
  PresenceChange,
  PresenceEntry,
  PresenceList,
  PresenceMember,
  PresenceMeta,
  PresenceRegistry,
  ReplayedUpdates,
  ReplayLogOptions,
  ResolvedReplayLogOptions,
  StateManagerHealth,
  TaskRegistry,
  TaskRegistryMember,
  TickReport,
} from './managers/index.js';
export {
  checkPresence,
  encodedMessage,
  encodeUpdate,
  joinTimeOf,
  MemoryAppTaskLeases,
  MemoryPresenceRegistry,
  newProcessId,
  PRESENCE_LIMITS,
  patchMessage,
  ReplayLog,
  resolveReplayLogOptions,
} from './managers/index.js';
export type { Presence } from './presence/index.js';
export type { ErrorReport, Hydration, Patch } from './protocol.js';
export type { EventOutcome } from './queue/index.js';
export type { DocLinks, EventOrder, TokenDoc } from './scopes/index.js';
export { APP_KEY, sharedKey, sourceOf } from './scopes/index.js';
export type {
  ActionDelivery,
  AppListener,
  ClientCallRequest,
  PageLink,
  PageOpening,
  PageRooms,
  ReplayPosition,
  StoredValuesOutcome,
  TabReplay,
} from './sync/index.js';
export {
  type AppTaskEvent,
  type AppTaskInfo,
  AppTaskRunner,
  type AppTaskRunnerHost,
  type AppTaskSpec,
  type AppTaskState,
  CronExpression,
  parseDuration,
  resolveSchedule,
  type Schedule,
  waitForNext,
} from './tasks/index.js';
