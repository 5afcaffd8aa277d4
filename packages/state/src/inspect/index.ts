/**
 * inspect/ — devtools: the inspector (records of events and tasks, built only while someone
 * listens), the measuring runtime it runs inspected steps with, a tab read whole, and the devtools
 * channel's wire names.
 *
 * May import: sync/, step/ and below, and the root's logger and protocol.
 */

export { type EventTrace, Inspector } from './inspector.js';
export type {
  EventOrigin,
  InspectedError,
  InspectOptions,
  InspectorListener,
  InspectorRecord,
} from './inspectorRecord.js';
export { type InspectedTab, inspectTab } from './inspectTab.js';
