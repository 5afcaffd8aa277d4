import type { App, Logger } from '@core/state';
import type { AppPort, InspectorRecord } from '@core/state/internal';
import { type DevtoolsAnswer, type DevtoolsData, DevtoolsWireEvent, WireEvent } from '@core/state/protocol';
import type { CoreSocket } from './socketServer.js';

/** What the devtools channels of one development server share. */
export interface DevtoolsContext {
  readonly app: App;
  /** The app's port (the whole tab as stored: `inspectTab`). */
  readonly port: () => AppPort;
  readonly logger: Logger;
  /** Events kept and sent at most (records beyond them are dropped, oldest first). */
  readonly maxEvents: number;
  /** Connections per page instance on this process (for `reconnects`). */
  readonly connects: Map<string, number>;
}

/** Page instances remembered for `reconnects`; the oldest are forgotten beyond it. */
const MAX_INSTANCES = 1_000;
/** Records are sent in batches, at most this often (ms). */
const BATCH_DELAY = 50;
/** The connection figures are sent this often while subscribed (ms). */
const CONNECTION_INTERVAL = 1_000;
/** A payload whose JSON is longer than this is sent cut. */
const MAX_PAYLOAD_CHARS = 2_000;

/**
 * The devtools channel of one socket on a development server. Until the page subscribes
 * (`core:devtools` `{ op: 'subscribe' }`) it only counts connections and resyncs; while subscribed
 * it streams the token's inspector records (the last `maxEvents` events at most, in batches), the
 * token's whole state (backend vars included: this is the developer's own server) when it changed,
 * and every second the connection's figures, with the app tasks when they changed. It stops on `unsubscribe` and on disconnect.
 */
export function attachDevtools(socket: CoreSocket, context: DevtoolsContext): void {
  const { app, logger, maxEvents } = context;
  const token = socket.data.token;
  const instance = socket.data.instance ?? socket.id;
  const connects = (context.connects.get(instance) ?? 0) + 1;
  context.connects.delete(instance);
  context.connects.set(instance, connects);
  if (context.connects.size > MAX_INSTANCES) context.connects.delete(context.connects.keys().next().value as string);
  let resyncs = 0;
  socket.on(WireEvent.resync, () => {
    resyncs += 1;
  });

  let subscription: (() => void) | undefined;
  const subscribe = () => {
    if (subscription) return;
    let records: InspectorRecord[] = [];
    let treeWanted = true;
    let batch: NodeJS.Timeout | undefined;
    let bytesIn = 0;
    let bytesOut = 0;
    let seq = 0;
    let lastTree = '';
    let lastAppTasks = '';
    let flushing = Promise.resolve();
    const flush = async () => {
      const data: { -readonly [K in keyof DevtoolsData]: DevtoolsData[K] } = {};
      if (records.length > 0) {
        data.records = records.map(trimPayload);
        records = [];
      }
      if (treeWanted) {
        treeWanted = false;
        const tab = await context.port().inspectTab(token);
        seq = tab.seq;
        // Shared states change with other tabs' events too: the tree is also read every second,
        // and sent only when it differs from the last one sent.
        const json = JSON.stringify(tab);
        if (json !== lastTree) {
          lastTree = json;
          data.tree = tab;
        }
      }
      if (subscription && (data.records || data.tree)) socket.emit(DevtoolsWireEvent.data, data);
    };
    const schedule = () => {
      batch ??= setTimeout(() => {
        batch = undefined;
        // One flush at a time: a tree read that is still running must not be overtaken by a later one.
        flushing = flushing.then(flush).catch(failed);
      }, BATCH_DELAY);
    };
    const failed = (error: unknown) => logger.error('Sending devtools data failed', { token, error });
    const stopInspecting = app.inspect(
      (record) => {
        records.push(record);
        // Three records per event at most: keep the batch bounded too.
        if (records.length > maxEvents * 3) records.splice(0, records.length - maxEvents * 3);
        if (record.type === 'event-ended' || record.type === 'task-modify' || record.type === 'task-ended') {
          treeWanted = true;
        }
        schedule();
      },
      { token },
    );
    const onPacketIn = (packet: { data?: unknown }) => {
      bytesIn += sizeOf(packet.data);
    };
    const onPacketOut = (packet: { data?: unknown }) => {
      // Devtools frames themselves are not the page's traffic.
      if (typeof packet.data === 'string' && packet.data.startsWith(DEVTOOLS_FRAME)) return;
      bytesOut += sizeOf(packet.data);
    };
    socket.conn.on('packet', onPacketIn);
    socket.conn.on('packetCreate', onPacketOut);
    const sendConnection = () => {
      treeWanted = true;
      schedule();
      // The app tasks as this process sees them, when they changed (a scheduled one: each run).
      const appTasks = app.appTasks.list();
      const appTasksJson = JSON.stringify(appTasks);
      const appTasksChanged = appTasksJson !== lastAppTasks;
      lastAppTasks = appTasksJson;
      socket.emit(DevtoolsWireEvent.data, {
        ...(appTasksChanged ? { appTasks } : {}),
        connection: {
          socketId: socket.id,
          pid: process.pid,
          seq,
          reconnects: (context.connects.get(instance) ?? 1) - 1,
          hydrates: 1 + resyncs,
          resyncs,
          bytesInPerSecond: bytesIn,
          bytesOutPerSecond: bytesOut,
          at: Date.now(),
        },
      });
      bytesIn = 0;
      bytesOut = 0;
    };
    const ticker = setInterval(sendConnection, CONNECTION_INTERVAL);
    subscription = () => {
      stopInspecting();
      clearTimeout(batch);
      clearInterval(ticker);
      socket.conn.off('packet', onPacketIn);
      socket.conn.off('packetCreate', onPacketOut);
    };
    schedule();
    flushing = flushing.then(flush).then(sendConnection).catch(failed);
  };
  const unsubscribe = () => {
    subscription?.();
    subscription = undefined;
  };

  socket.on(DevtoolsWireEvent.request, (request, ack) => {
    if (typeof ack !== 'function') return;
    const op = (request as { op?: unknown } | null)?.op;
    if (op === 'subscribe') subscribe();
    else if (op === 'unsubscribe') unsubscribe();
    else {
      ack({
        ok: false,
        error: {
          code: 'INVALID_EVENT',
          message: '[core/server] A devtools request is { op: "subscribe" | "unsubscribe" }.',
        },
      });
      return;
    }
    ack({ ok: true, maxEvents });
  });
  socket.on('disconnect', unsubscribe);
}

/** The answer of a production server to any devtools request: it has none. */
export function refuseDevtools(socket: CoreSocket): void {
  socket.on(DevtoolsWireEvent.request, (_request, ack) => {
    if (typeof ack === 'function') ack(DEVTOOLS_UNAVAILABLE);
  });
}

const DEVTOOLS_UNAVAILABLE: DevtoolsAnswer = {
  ok: false,
  error: {
    code: 'DEVTOOLS_UNAVAILABLE',
    message:
      '[core/server] Devtools are served by development servers only (core dev); this server runs in production mode.',
  },
};

/** How a devtools data frame starts on the wire (socket.io event packet, then the name). */
const DEVTOOLS_FRAME = `42["${DevtoolsWireEvent.data}"`;

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** A record whose payload is too large (or not JSON) is sent with a cut description instead. */
function trimPayload(record: InspectorRecord): InspectorRecord {
  if (record.type !== 'event-queued' && record.type !== 'task-started') return record;
  let json: string | undefined;
  try {
    json = JSON.stringify(record.payload);
  } catch {
    return { ...record, payload: `[not JSON: ${String(record.payload).slice(0, 200)}]` };
  }
  if (json === undefined || json.length <= MAX_PAYLOAD_CHARS) return record;
  return { ...record, payload: `[${json.length} characters of JSON] ${json.slice(0, 200)}…` };
}
