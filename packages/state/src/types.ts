/**
 * `@core/state/types`: the type machinery that `defineState`'s results and handler signatures are
 * made of. An app never writes these names; TypeScript refers to them when it prints the inferred
 * type of a state definition (declaration files), so they live at an entry of their own.
 */

export type { BackgroundEntry, BackgroundHandler, TaskEndHandler } from './definition/backgroundTask.js';
export type { EventHandler, TaskTarget } from './definition/handlerContext.js';
export type {
  SchemaInput,
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaResult,
} from './definition/payloadSchema.js';
export type {
  BackgroundCreators,
  ComputedShape,
  EventCreator,
  EventCreators,
  PayloadOf,
  TaskFunctionOf,
} from './definition/stateConfig.js';
export type { ComputedValues, StateDefinitionBase, VarsShape } from './definition/stateShape.js';
export type { StorageKind, StorageVarOptions } from './definition/storageVar.js';
export type { ExclusiveMode } from './tasks/taskEntry.js';
