/**
 * sync/ — what pages see and send back: the fan-out of updates to listeners (the transport's
 * `AppListener`), a tab's hydrate and replay, the values of browser storage a page sends, and a
 * connected page's link (copy, stored values, session, then a replay or a hydrate).
 *
 * May import: step/ and below (client/, collections/, scopes/, definition/, managers/) and the
 * root's logger and protocol.
 */

export type { ActionDelivery, AppListener, ClientCallRequest } from './appListener.js';
export type { StoredValuesOutcome } from './applyStoredValues.js';
export { PageLink, type PageLinkParts, type PageOpening } from './pageLink.js';
export type { PageRooms } from './pageRooms.js';
export { type ReplayPosition, readReplay, type TabReplay } from './replayView.js';
export { storedValuesStep } from './storedValuesStep.js';
export { readTabDocuments, readTabView } from './tabView.js';
export { UpdateHub } from './updateHub.js';
export { readWindowStep, type WindowAsk, type WindowRead } from './windowRead.js';
