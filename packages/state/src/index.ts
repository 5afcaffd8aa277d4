export { App, createApp } from './app.js';
export type { StoredValuesOutcome } from './applyStoredValues.js';
export type {
  ActionDelivery,
  AppEnvironment,
  AppListener,
  AppOptions,
  ClientCallRequest,
  DispatchOptions,
  ErrorReport,
  Hydration,
  Presence,
  SharedSource,
  StateUpdate,
} from './appTypes.js';
export type {
  ClientAction,
  ClientApi,
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
} from './clientAction.js';
export type { ClientCallAnswer, ClientCallErrorCode } from './clientChannel.js';
export { defineState } from './defineState.js';
export type { UploadHandlerInfo } from './describeUploadHandler.js';
export { describeUploadHandler } from './describeUploadHandler.js';
export type { DocLinks, ScopeRef, StateScope } from './docKey.js';
export { APP_KEY, sharedKey, sourceOf } from './docKey.js';
export type { StateErrorCode, TaskAbortReason } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError, TaskAbortedError } from './errors.js';
export type { Chain, EventSpec } from './eventSpec.js';
export { createEventSpec, EVENT_SPEC, isEventSpec } from './eventSpec.js';
export type { FieldErrors } from './fieldError.js';
export { FieldError } from './fieldError.js';
export type { FormPayload } from './formPayload.js';
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
export type { MemoryTaskRegistryOptions } from './memoryTaskRegistry.js';
export { MemoryTaskRegistry } from './memoryTaskRegistry.js';
export type {
  SchemaInput,
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './payloadSchema.js';
export { withSchema } from './payloadSchema.js';
export { isSafeHref } from './protocol.js';
export type { ReplayedUpdates, ReplayLogOptions, ResolvedReplayLogOptions } from './replayLog.js';
export { jsonSize, ReplayLog, resolveReplayLogOptions } from './replayLog.js';
export type { DocPosition, ReplayedUpdate, ReplayPosition, TabReplay } from './replayView.js';
export type { RouteParams, RouterData, RouterNavigation } from './routerState.js';
export { RouterState } from './routerState.js';
export { sleep } from './sleep.js';
export type { LockOptions, StateLease, StateManager, StateManagerHealth } from './stateManager.js';
export type {
  CookieVarOptions,
  LocalStorageVarOptions,
  StorageBinding,
  StorageKind,
  StorageVar,
  StorageVarOptions,
  UnwrapVars,
} from './storageVar.js';
export { cookie, isStorageVar, localStorage, sessionStorage } from './storageVar.js';
export type {
  BackgroundTaskOptions,
  ExclusiveMode,
  TaskEndInfo,
  TaskEndReason,
  TaskEntry,
  TaskInfo,
} from './taskEntry.js';
export type { TaskRegistry, TaskRegistryMember, TickReport } from './taskRegistry.js';
export { joinTimeOf, newProcessId } from './taskRegistry.js';
export type { EventOrder, PublicState, TokenDoc } from './tokenDoc.js';
export { isBackendName, toPublicState } from './tokenDoc.js';
export type {
  AnyStateDefinition,
  AppHandle,
  BackgroundCreators,
  BackgroundEntry,
  BackgroundHandler,
  BackgroundTask,
  BackgroundTaskConfig,
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
  TaskEndHandler,
  TaskFunctionOf,
  TaskTarget,
  Transaction,
  VarsShape,
} from './types.js';
export type {
  UploadArgs,
  UploadedFile,
  UploadedFileInfo,
  UploadHandler,
  UploadHandlerOptions,
} from './uploadHandler.js';
export { isUploadHandler, uploadHandler } from './uploadHandler.js';
export type {
  IncomingFile,
  UploadSource,
  UploadStream,
  UploadStreamEvent,
  UploadStreamHandler,
  UploadStreamPayload,
} from './uploadStream.js';
export { runUploadStream, uploadStreamHandler } from './uploadStream.js';
