export { changedPaths } from './changedPaths.js';
export type { DevtoolsPanelProps } from './DevtoolsPanel.js';
export { DevtoolsPanel } from './DevtoolsPanel.js';
export type { DevtoolsClient, DevtoolsSnapshot, TrafficSample } from './devtoolsStore.js';
export { DevtoolsStore } from './devtoolsStore.js';
export type { TaskTick, TimelineEntry } from './eventTimeline.js';
export { EventTimeline } from './eventTimeline.js';
export type { InstallDevtoolsOptions } from './installDevtools.js';
export { installDevtools } from './installDevtools.js';
