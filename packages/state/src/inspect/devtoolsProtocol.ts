import type { InspectorRecord } from './inspectorRecord.js';

/** `core:devtools`: what the panel asks for. */
export interface DevtoolsRequest {
  readonly op: 'subscribe' | 'unsubscribe';
}

/** The answer to `core:devtools`; `maxEvents` is how many events the server keeps and sends at most. */
export type DevtoolsAnswer =
  | { readonly ok: true; readonly maxEvents: number }
  | {
      readonly ok: false;
      readonly error: { readonly code: 'DEVTOOLS_UNAVAILABLE' | 'INVALID_EVENT'; readonly message: string };
    };

/** The token's whole state as stored, backend (`_`) vars included: devtools only. */
export interface DevtoolsTree {
  readonly seq: number;
  readonly epoch: string;
  readonly states: Readonly<Record<string, Record<string, unknown>>>;
  /** For a state kept in a shared document, where: `@session`, `@room:<key>`, `@app`. */
  readonly sources?: Readonly<Record<string, string>>;
}

/** The page's connection as the server sees it. */
export interface DevtoolsConnection {
  readonly socketId: string;
  /** The server process. */
  readonly pid: number;
  /** The token's `seq` (last update stored). */
  readonly seq: number;
  /** Connections of this page instance to this process, minus the first. */
  readonly reconnects: number;
  /** Full hydrates this socket was sent: the first, then one per resync. */
  readonly hydrates: number;
  /** Resyncs this socket asked for (a gap, a new epoch, a patch that did not apply). */
  readonly resyncs: number;
  /** Bytes received from the page over the last second (devtools traffic not counted). */
  readonly bytesInPerSecond: number;
  /** Bytes sent to the page over the last second (devtools traffic not counted). */
  readonly bytesOutPerSecond: number;
  readonly at: number;
}

/** One app-lifetime task as the page's server process sees it (the app's `appTasks.list()`). */
export interface DevtoolsAppTask {
  readonly name: string;
  readonly schedule: string | undefined;
  /** Running here, failed (waiting to start again), done, held elsewhere, waiting for a holder, or stopped. */
  readonly state: 'running' | 'failed' | 'done' | 'elsewhere' | 'waiting' | 'stopped';
  /** The holding process's task-registry id, when known. */
  readonly holder: string | undefined;
  /** Runs begun on this process, and how many of them threw. */
  readonly runs: number;
  readonly failures: number;
  /** When the latest run on this process began (ms since the epoch). */
  readonly lastRun: number | undefined;
  readonly lastError: string | undefined;
}

/** `core:devtools-data`: any of the parts, each when it changed. */
export interface DevtoolsData {
  readonly records?: readonly InspectorRecord[];
  readonly tree?: DevtoolsTree;
  readonly connection?: DevtoolsConnection;
  /** The app's app-lifetime tasks, sent with the connection figures when they changed. */
  readonly appTasks?: readonly DevtoolsAppTask[];
}
