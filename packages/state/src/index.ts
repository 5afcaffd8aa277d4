// @core/state: what an app writes — states, the app, errors, the memory manager, storage vars,
// schemas, uploads, the router state, and the types of all of it. The transport's side (the
// app's resolve step and port, replay logs, the task registry, scopes' keys) is in
// `@core/state/internal`; the wire contract in `@core/state/protocol`.

export { App, createApp } from './app.js';
export type { AppOptions } from './appOptions.js';
export type { ClientApi, ClientCallOptions, ClientFunctions, ToastKind } from './client/index.js';
export type {
  AnyStateDefinition,
  AppHandle,
  BackgroundTask,
  BackgroundTaskConfig,
  Chain,
  ComputedContext,
  CookieVarOptions,
  DeepReadonly,
  DispatchOptions,
  EventSpec,
  HandlerContext,
  IncomingFile,
  LocalStorageVarOptions,
  PublicStateOf,
  RouteParams,
  RouterData,
  StandardSchemaV1,
  StateConfig,
  StateDefinition,
  StateOf,
  StateShape,
  StorageVar,
  UnwrapVars,
  UploadedFile,
  UploadHandler,
  UploadStream,
  UploadStreamEvent,
  UploadStreamHandler,
} from './definition/index.js';
export {
  cookie,
  createEventSpec,
  defineState,
  FieldError,
  localStorage,
  RouterState,
  sessionStorage,
  uploadHandler,
  uploadStreamHandler,
  withSchema,
} from './definition/index.js';
export type { StateErrorCode, TaskAbortReason } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError, TaskAbortedError } from './errors.js';
export type { InspectorListener, InspectorRecord } from './inspect/index.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { MemoryStateManagerOptions, StateLease, StateManager } from './managers/index.js';
export { MemoryStateManager } from './managers/index.js';
export type { ErrorReport, Hydration, PublicState, StateUpdate } from './protocol.js';
export type {
  BackgroundTaskOptions,
  ScopeRef,
  StateScope,
  TaskEndInfo,
  TaskEndReason,
  TaskInfo,
} from './scopes/index.js';
export { sleep } from './tasks/index.js';
