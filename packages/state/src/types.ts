/**
 * `@core/state/types`: the type machinery that `defineState`'s results and handler signatures are
 * made of. An app never writes these names; TypeScript refers to them when it prints the inferred
 * type of a state definition (declaration files), so they live at an entry of their own.
 */

export type { ClientErrorContext, ClientErrorHook } from './app/index.js';
export type { ClientCallOptions, ClientErrorKind, ClientErrorReport } from './client/index.js';
export type {
  CollectionWindowData,
  ItemFields,
  ItemPosition,
  KeyFieldOf,
} from './collections/index.js';
export type {
  AnyStateDefinition,
  BackgroundCreators,
  BackgroundEntry,
  BackgroundHandler,
  ChainItem,
  ComputedContext,
  ComputedEntry,
  ComputedFn,
  ComputedNameOf,
  ComputedOptions,
  ComputedShape,
  ComputedValues,
  DeepReadonly,
  EventCreator,
  EventCreators,
  EventHandler,
  HandlerPresence,
  PayloadOf,
  PublicStateOf,
  SchemaInput,
  SchemaOutput,
  SettableName,
  SetterCreator,
  SetterPayload,
  SettersOption,
  StandardSchemaIssue,
  StandardSchemaResult,
  StateDefinitionBase,
  StateShape,
  StorageKind,
  StorageVarOptions,
  TaskEndHandler,
  TaskFunctionOf,
  TaskTarget,
  UnwrapVars,
  UploadArgs,
  UploadedFileInfo,
  UploadHandlerOptions,
  UploadStreamPayload,
  VarNameOf,
  VarsShape,
} from './definition/index.js';
export type { TaskAbortReason } from './errors.js';
// A state manager's contract, for implementers of `StateManager` (see `@core/state/conformance`).
export type { MemoryStateManagerOptions, StateLease } from './managers/index.js';
export type { PublicState, StateUpdate } from './protocol.js';
export type { ExclusiveMode, StateScope, TaskEndInfo, TaskEndReason } from './scopes/index.js';
