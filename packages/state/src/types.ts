/**
 * `@core/state/types`: the type machinery that `defineState`'s results and handler signatures are
 * made of. An app never writes these names; TypeScript refers to them when it prints the inferred
 * type of a state definition (declaration files), so they live at an entry of their own.
 */

export type { ClientErrorKind, ClientErrorReport } from './client/index.js';
export type {
  BackgroundCreators,
  BackgroundEntry,
  BackgroundHandler,
  ChainItem,
  ComputedEntry,
  ComputedFn,
  ComputedNameOf,
  ComputedOptions,
  ComputedShape,
  ComputedValues,
  EventCreator,
  EventCreators,
  EventHandler,
  PayloadOf,
  SchemaInput,
  SchemaOutput,
  SettableName,
  SetterCreator,
  SetterPayload,
  SettersOption,
  StandardSchemaIssue,
  StandardSchemaResult,
  StateDefinitionBase,
  StorageKind,
  StorageVarOptions,
  TaskEndHandler,
  TaskFunctionOf,
  TaskTarget,
  UploadArgs,
  UploadedFileInfo,
  UploadHandlerOptions,
  UploadStreamPayload,
  VarNameOf,
  VarsShape,
} from './definition/index.js';
export type { ClientErrorContext, ClientErrorHook } from './reportClientError.js';
export type { ExclusiveMode } from './scopes/index.js';
