/**
 * definition/ — what an app declares: `defineState` and the types of states, handlers, the
 * handler context, background tasks, storage vars, payload schemas, uploads and the built-in
 * router state; the registry of an app's states.
 *
 * May import: client/, scopes/, collections/ and the root's errors, JSON check and protocol types.
 */

export { describeNonJson } from '../jsonValue.js';
export { AppStates } from './appStates.js';
export type {
  BackgroundEntry,
  BackgroundHandler,
  BackgroundTask,
  BackgroundTaskConfig,
  TaskEndHandler,
} from './backgroundTask.js';
export type { ResolvedComputedOptions } from './computedOptions.js';
export { defineState } from './defineState.js';
export {
  type DefinitionInternals,
  defaultVars,
  defaultVarValue,
  getDefinitionInternals,
} from './definitionInternals.js';
export { describeUploadHandler, type UploadHandlerInfo } from './describeUploadHandler.js';
export {
  type Chain,
  type ChainItem,
  collectEventSpecs,
  createEventSpec,
  type DispatchOptions,
  type EventSpec,
  eventCreatorName,
  isEventSpec,
} from './eventSpec.js';
export { FieldError, type FieldErrors } from './fieldError.js';
export type {
  AppHandle,
  EventContext,
  EventHandler,
  HandlerContext,
  TaskTarget,
  Transaction,
} from './handlerContext.js';
export type { HandlerPresence } from './handlerPresence.js';
export { isEqual } from './isEqual.js';
export {
  checkPayload,
  checkWithSchema,
  hasPayloadSchema,
  isStandardSchema,
  type SchemaCheck,
  type SchemaInput,
  type SchemaOutput,
  type StandardSchemaIssue,
  type StandardSchemaResult,
  type StandardSchemaV1,
  validateWithSchema,
  withSchema,
} from './payloadSchema.js';
export type { PresenceEvent, PresenceHandler } from './presenceHandler.js';
export {
  ROUTER_DEFAULTS,
  ROUTER_KEY_PREFIX,
  ROUTER_STATE,
  type RouteParams,
  type RouterData,
  type RouterNavigation,
  readonlyRouter,
} from './routerData.js';
export { RouterState } from './routerState.js';
export type {
  BackgroundCreators,
  ComputedContext,
  ComputedEntry,
  ComputedFn,
  ComputedOptions,
  ComputedShape,
  EventCreator,
  EventCreators,
  PayloadOf,
  SettableName,
  SetterCreator,
  SettersOption,
  StateConfig,
  StateDefinition,
  TaskFunctionOf,
} from './stateConfig.js';
export type { DocLayout, StateRegistry } from './stateRegistry.js';
export type {
  AnyStateDefinition,
  ComputedNameOf,
  ComputedValues,
  DeepReadonly,
  PublicStateOf,
  StateDefinitionBase,
  StateOf,
  StateShape,
  VarNameOf,
  VarsShape,
} from './stateShape.js';
export {
  type CookieVarOptions,
  cookie,
  type LocalStorageVarOptions,
  localStorage,
  type StorageBinding,
  type StorageKind,
  type StorageVar,
  type StorageVarOptions,
  sessionStorage,
  type UnwrapVars,
} from './storageVar.js';
export { decodeStoredValue, type ResolvedStorageBinding } from './storedValues.js';
export {
  isUploadHandler,
  type UploadArgs,
  type UploadedFile,
  type UploadedFileInfo,
  type UploadHandler,
  type UploadHandlerOptions,
  uploadHandler,
} from './uploadHandler.js';
export {
  type IncomingFile,
  runUploadStream,
  type UploadSource,
  type UploadStream,
  type UploadStreamEvent,
  type UploadStreamHandler,
  type UploadStreamPayload,
  uploadStreamHandler,
} from './uploadStream.js';
export { SETTER_HANDLER, type SetterPayload } from './varSetter.js';
