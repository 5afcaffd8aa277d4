export { App, createApp } from './app.js';
export type {
  ActionDelivery,
  AppEnvironment,
  AppListener,
  AppOptions,
  ClientCallRequest,
  Presence,
} from './appTypes.js';
export type {
  ClientAction,
  ClientApi,
  ClientCallAnswer,
  ClientCallErrorCode,
  ClientCallOptions,
  ClientFunctionPayload,
  ClientFunctionResult,
  ClientFunctions,
  DownloadAction,
  FocusAction,
  RedirectAction,
  ScrollToAction,
  SetClipboardAction,
  ToastAction,
  ToastKind,
} from './client/clientAction.js';
export { isSafeHref } from './client/safeHref.js';
export type {
  BackgroundEntry,
  BackgroundHandler,
  BackgroundTask,
  BackgroundTaskConfig,
  TaskEndHandler,
} from './definition/backgroundTask.js';
export { defineState } from './definition/defineState.js';
export type { Chain, DispatchOptions, EventOrder, EventSpec } from './definition/eventSpec.js';
export { createEventSpec, EVENT_SPEC, isEventSpec } from './definition/eventSpec.js';
export type {
  AppHandle,
  EventContext,
  EventHandler,
  HandlerContext,
  TaskTarget,
  Transaction,
} from './definition/handlerContext.js';
export type {
  SchemaInput,
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './definition/payloadSchema.js';
export { withSchema } from './definition/payloadSchema.js';
export type { RouteParams, RouterData, RouterNavigation } from './definition/routerData.js';
export { RouterState } from './definition/routerState.js';
export type {
  BackgroundCreators,
  ComputedContext,
  EventCreator,
  PayloadOf,
  StateConfig,
  StateDefinition,
  TaskFunctionOf,
} from './definition/stateConfig.js';
export type {
  AnyStateDefinition,
  ComputedValues,
  DeepReadonly,
  PublicStateOf,
  StateOf,
  StateShape,
  VarsShape,
} from './definition/stateShape.js';
export type {
  CookieVarOptions,
  LocalStorageVarOptions,
  StorageBinding,
  StorageKind,
  StorageVar,
  StorageVarOptions,
  UnwrapVars,
} from './definition/storageVar.js';
export { cookie, isStorageVar, localStorage, sessionStorage } from './definition/storageVar.js';
export type { UploadedFile, UploadHandler } from './definition/uploadHandler.js';
export { isUploadHandler, uploadHandler } from './definition/uploadHandler.js';
export type { StateErrorCode, TaskAbortReason } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError, TaskAbortedError } from './errors.js';
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
} from './inspect/inspectorRecord.js';
export type { InspectedTab } from './inspect/inspectTab.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { MemoryStateManagerOptions, MemoryStateSnapshot } from './managers/memoryStateManager.js';
export { MemoryStateManager } from './managers/memoryStateManager.js';
export type { MemoryTaskRegistryOptions } from './managers/memoryTaskRegistry.js';
export { MemoryTaskRegistry } from './managers/memoryTaskRegistry.js';
export type { ReplayedUpdates, ReplayLogOptions, ResolvedReplayLogOptions } from './managers/replayLog.js';
export { jsonSize, ReplayLog, resolveReplayLogOptions } from './managers/replayLog.js';
export type { LockOptions, StateLease, StateManager } from './managers/stateManager.js';
export type { TaskRegistry, TaskRegistryMember, TickReport } from './managers/taskRegistry.js';
export { joinTimeOf, newProcessId } from './managers/taskRegistry.js';
export type { ErrorReport, Hydration, PublicState, SharedSource, StateUpdate } from './protocol.js';
export type { DocLinks, ScopeRef, StateScope } from './scopes/docKey.js';
export { APP_KEY, sharedKey, sourceOf } from './scopes/docKey.js';
export type { TokenDoc } from './scopes/tokenDoc.js';
export { isBackendName, toPublicState } from './scopes/tokenDoc.js';
export { sleep } from './sleep.js';
export type { StoredValuesOutcome } from './sync/applyStoredValues.js';
export type { DocPosition, ReplayedUpdate, ReplayPosition, TabReplay } from './sync/replayView.js';
export type {
  BackgroundTaskOptions,
  ExclusiveMode,
  TaskEndInfo,
  TaskEndReason,
  TaskEntry,
  TaskInfo,
} from './tasks/taskEntry.js';
