/**
 * scopes/ — where state lives: the document of a key (a tab's token, `@session:<id>`,
 * `@room:<key>`, `@app`) and what it holds beside the states — links to shared documents, recent
 * event ids, the task registry's entries — and the total order in which a step locks keys.
 *
 * May import: collections/ and the root's protocol types only. Everything else in the runtime may
 * import it.
 */

export {
  APP_KEY,
  compareKeys,
  type DocKind,
  type DocLinks,
  docKeyFor,
  docKindOf,
  type ScopeRef,
  type StateScope,
  sharedKey,
  sourceOf,
} from './docKey.js';
export {
  type BackgroundTaskOptions,
  type ExclusiveMode,
  newTaskId,
  type TaskEndInfo,
  type TaskEndReason,
  type TaskEntry,
  type TaskInfo,
  toTaskInfo,
} from './taskEntry.js';
export {
  createEmptyDoc,
  type EventOrder,
  hasRun,
  isBackendName,
  linksOf,
  newEpoch,
  publicValues,
  RECENT_EVENTS,
  RECENT_SOURCES,
  type TokenDoc,
  withEvent,
  withTasks,
} from './tokenDoc.js';
