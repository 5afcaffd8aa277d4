/**
 * `@core/state/internal`: what the framework's own packages need from the runtime — the app's one
 * resolve step and the port a transport talks to it through, the one redaction of failures, replay
 * logs, the task registry, scope keys — and the framework-level types of the client side. Not for
 * apps: nothing here is part of the API an app writes, and it may change in any release.
 */

export { resolveApp } from './app.js';
export type { ActionDelivery, AppEnvironment, AppListener, ClientCallRequest, Presence } from './appOptions.js';
export type { AppHost, AppPort, TabHydration } from './appPort.js';
export type { ResolvedAppSettings } from './appSettings.js';
export type {
  ClientAction,
  ClientCallAnswer,
  ClientCallErrorCode,
  ClientFunctionPayload,
  ClientFunctionResult,
} from './client/clientAction.js';
export type { EventOrder } from './definition/eventSpec.js';
export { isEventSpec } from './definition/eventSpec.js';
export type { EventContext, Transaction } from './definition/handlerContext.js';
export type { RouterNavigation } from './definition/routerData.js';
export type { StorageBinding } from './definition/storageVar.js';
export { describeFailure, type Failure, reportFailure } from './errorReport.js';
export type { EventOrigin, InspectedError, InspectOptions } from './inspect/inspectorRecord.js';
export type { InspectedTab } from './inspect/inspectTab.js';
export { encodedMessage, encodeUpdate, patchMessage } from './managers/encodedUpdate.js';
export type { MemoryStateSnapshot } from './managers/memoryStateManager.js';
export type { ReplayedUpdates, ReplayLogOptions, ResolvedReplayLogOptions } from './managers/replayLog.js';
export { ReplayLog, resolveReplayLogOptions } from './managers/replayLog.js';
export type { LockOptions } from './managers/stateManager.js';
export type { TaskRegistry, TaskRegistryMember, TickReport } from './managers/taskRegistry.js';
export { joinTimeOf, newProcessId } from './managers/taskRegistry.js';
export type { Patch } from './protocol.js';
export type { EventOutcome } from './queue/eventQueue.js';
export type { DocLinks } from './scopes/docKey.js';
export { APP_KEY, sharedKey, sourceOf } from './scopes/docKey.js';
export type { TokenDoc } from './scopes/tokenDoc.js';
export type { StoredValuesOutcome } from './sync/applyStoredValues.js';
export type { PageLink, PageOpening, PageRooms } from './sync/pageLink.js';
export type { ReplayPosition, TabReplay } from './sync/replayView.js';
