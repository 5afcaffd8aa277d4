export { App, createApp } from './app.js';
export type {
  AppEnvironment,
  AppListener,
  AppOptions,
  DispatchOptions,
  ErrorReport,
  Hydration,
  Presence,
  SharedSource,
  StateUpdate,
} from './appTypes.js';
export { defineState } from './defineState.js';
export type { DocLinks, ScopeRef, StateScope } from './docKey.js';
export { APP_KEY, sharedKey, sourceOf } from './docKey.js';
export type { StateErrorCode } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError } from './errors.js';
export type { Chain, EventSpec } from './eventSpec.js';
export { createEventSpec, EVENT_SPEC, isEventSpec } from './eventSpec.js';
export type {
  EventEndedRecord,
  EventOrigin,
  EventQueuedRecord,
  EventStartedRecord,
  InspectedError,
  InspectOptions,
  InspectorListener,
  InspectorRecord,
  StepCost,
  TaskEndedRecord,
  TaskModifyRecord,
  TaskStartedRecord,
} from './inspectorRecord.js';
export type { InspectedTab } from './inspectTab.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { MemoryStateManagerOptions, MemoryStateSnapshot } from './memoryStateManager.js';
export { MemoryStateManager } from './memoryStateManager.js';
export type {
  SchemaInput,
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './payloadSchema.js';
export { withSchema } from './payloadSchema.js';
export type { ReplayedUpdates, ReplayLogOptions, ResolvedReplayLogOptions } from './replayLog.js';
export { jsonSize, ReplayLog, resolveReplayLogOptions } from './replayLog.js';
export type { DocPosition, ReplayedUpdate, ReplayPosition, TabReplay } from './replayView.js';
export type { RouteParams, RouterData, RouterNavigation } from './routerState.js';
export { RouterState } from './routerState.js';
export { sleep } from './sleep.js';
export type { LockOptions, StateLease, StateManager } from './stateManager.js';
export type { EventOrder, PublicState, TokenDoc } from './tokenDoc.js';
export { isBackendName, toPublicState } from './tokenDoc.js';
export type {
  AnyStateDefinition,
  AppHandle,
  BackgroundHandler,
  BackgroundTask,
  ComputedContext,
  ComputedValues,
  DeepReadonly,
  EventContext,
  EventCreator,
  EventHandler,
  PayloadOf,
  PublicStateOf,
  StateAccess,
  StateConfig,
  StateDefinition,
  StateOf,
  StateShape,
  Transaction,
  VarsShape,
} from './types.js';
