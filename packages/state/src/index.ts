// @core/state: what an app writes — states, the app, errors, the memory manager, storage vars,
// schemas, uploads, the router state, and the types of all of it. The transport's side (the
// app's resolve step and port, replay logs, the task registry, scopes' keys) is in
// `@core/state/internal`; the wire contract in `@core/state/protocol`.

export { App, createApp } from './app.js';
export type { AppOptions } from './appOptions.js';
export type { ClientApi, ClientCallOptions, ClientFunctions, ToastKind } from './client/clientAction.js';
export type { BackgroundTask, BackgroundTaskConfig } from './definition/backgroundTask.js';
export { defineState } from './definition/defineState.js';
export type { Chain, DispatchOptions, EventSpec } from './definition/eventSpec.js';
export { createEventSpec } from './definition/eventSpec.js';
export type { AppHandle, HandlerContext } from './definition/handlerContext.js';
export type { StandardSchemaV1 } from './definition/payloadSchema.js';
export { withSchema } from './definition/payloadSchema.js';
export type { RouteParams, RouterData } from './definition/routerData.js';
export { RouterState } from './definition/routerState.js';
export type { ComputedContext, StateConfig, StateDefinition } from './definition/stateConfig.js';
export type { AnyStateDefinition, DeepReadonly, PublicStateOf, StateOf, StateShape } from './definition/stateShape.js';
export type { CookieVarOptions, LocalStorageVarOptions, StorageVar, UnwrapVars } from './definition/storageVar.js';
export { cookie, localStorage, sessionStorage } from './definition/storageVar.js';
export type { UploadedFile, UploadHandler } from './definition/uploadHandler.js';
export { uploadHandler } from './definition/uploadHandler.js';
export type { StateErrorCode, TaskAbortReason } from './errors.js';
export { ImmutableStateError, isStateError, LockExpiredError, StateError, TaskAbortedError } from './errors.js';
export type { InspectorListener, InspectorRecord } from './inspect/inspectorRecord.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { MemoryStateManagerOptions } from './managers/memoryStateManager.js';
export { MemoryStateManager } from './managers/memoryStateManager.js';
export type { StateLease, StateManager } from './managers/stateManager.js';
export type { ErrorReport, Hydration, PublicState, StateUpdate } from './protocol.js';
export type { ScopeRef, StateScope } from './scopes/docKey.js';
export { sleep } from './tasks/sleep.js';
export type { BackgroundTaskOptions, TaskEndInfo, TaskEndReason, TaskInfo } from './tasks/taskEntry.js';
