// @core/state: what an app writes — states, the app, errors, the memory manager, storage vars,
// schemas, uploads, the router state, and the types of all of it. The transport's side (the
// app's resolve step and port, replay logs, the task registry, scopes' keys) is in
// `@core/state/internal`; the wire contract in `@core/state/protocol`.

export type { AppOptions } from './app/index.js';
export { App, createApp } from './app/index.js';
export type { ClientApi, ClientFunctions, ToastKind } from './client/index.js';
export type {
  Collection,
  CollectionItem,
  CollectionKey,
  CollectionOptions,
  CollectionVar,
  ReadonlyCollection,
} from './collections/index.js';
export { collection } from './collections/index.js';
export type {
  AppHandle,
  BackgroundTask,
  BackgroundTaskConfig,
  Chain,
  CookieVarOptions,
  EventSpec,
  HandlerContext,
  IncomingFile,
  LocalStorageVarOptions,
  RouteParams,
  RouterData,
  StandardSchemaV1,
  StateConfig,
  StateDefinition,
  StateOf,
  StorageVar,
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
export type { StateErrorCode } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError, TaskAbortedError } from './errors.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { StateManager } from './managers/index.js';
export { MemoryStateManager } from './managers/index.js';
export type {
  BackgroundTaskOptions,
  ScopeRef,
  TaskInfo,
} from './scopes/index.js';
export type { AppTaskContext, AppTaskDefinition, AppTaskInfo, ScheduleOptions } from './tasks/index.js';
export { defineAppTask, sleep } from './tasks/index.js';
