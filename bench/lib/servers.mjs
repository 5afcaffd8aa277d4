// Server side of the bench, run inside a child process (see children.mjs): a core server (the
// framework under test) or a bare socket.io server (the baseline) on 127.0.0.1, one per process.
import { createServer as createHttpServer } from 'node:http';
import { createItems } from './items.mjs';

/** Socket.io options shared by both kinds of server, so the baseline runs the same transport. */
const socketOptions = { transports: ['websocket', 'polling'], serveClient: false, maxHttpBufferSize: 1_000_000 };

let running;

/**
 * Starts the framework's server: `createServer({ app })` with the named bench states and the memory
 * manager, or the Redis one when `redisUrl` is given (with `scaleOut`, also the socket.io Redis
 * adapter, as `core start` sets up; `replayLog`: the manager's replay-log bounds, `false` for
 * none, for A/B runs). `serverEntry` (a file URL) loads
 * `createServer` from a local copy of @core/server's dist instead (see bench/compare.mjs).
 */
export async function startCore({ states = ['counter'], redisUrl, scaleOut = false, serverEntry, replayLog } = {}) {
  const { createServer } = await import(serverEntry ?? '@core/server');
  const { createApp, MemoryStateManager, silentLogger } = await import('@core/state');
  let stateManager;
  let adapter;
  if (redisUrl && scaleOut) {
    // What `core start` does with REDIS_URL: the Redis manager and the socket.io Redis adapter.
    const { createRedisScaleOut } = await import('@core/server/redis');
    ({ stateManager, adapter } = await createRedisScaleOut({ url: redisUrl }));
  } else if (redisUrl) {
    const { createRedisStateManager } = await import('@core/server/redis');
    stateManager = await createRedisStateManager({ url: redisUrl, replayLog });
  } else if (replayLog !== undefined) {
    stateManager = new MemoryStateManager({ replayLog });
  }
  const { statesByName } = await import('./benchStates.mjs');
  const app = createApp({ states: states.map((name) => statesByName[name]), stateManager, logger: silentLogger });
  const server = createServer({
    app,
    secret: 'bench-secret-0123456789abcdef',
    logger: silentLogger,
    // BENCH_DEV=1: a development server (as under `core dev`): devtools available, panel closed.
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: the bench is run by hand, never by turbo
    dev: process.env.BENCH_DEV === '1',
    socket: adapter ? { ...socketOptions, adapter } : socketOptions,
    // Every bench page connects from 127.0.0.1: lift the per-address budgets.
    maxConnectionsPerIp: 1_000_000,
    maxNewTokensPerIp: 1_000_000,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  running = { close: () => server.close(), io: server.io, app };
  return { url, pid: process.pid };
}

/**
 * Starts a bare socket.io server. `echo`: acks every `echo` event (the raw acked round trip).
 * `update`: emits a patch-sized `update` message, then acks, as the framework does per event (two
 * frames): the transport's share of the framework's cost.
 * `wholeVar`: keeps the 10,000-item list and, per `toggle`, sends what Reflex sends for that
 * change (a delta holding the JSON of the whole var) before the ack.
 */
export async function startRaw({ mode = 'echo' } = {}) {
  const { Server } = await import('socket.io');
  const httpServer = createHttpServer();
  const io = new Server(httpServer, socketOptions);
  const items = createItems(10_000);
  io.on('connection', (socket) => {
    let seq = 0;
    socket.on('echo', (_message, ack) => ack({ ok: true }));
    socket.on('update', (_message, ack) => {
      seq += 1;
      socket.emit('update', { seq, patches: [{ op: 'replace', path: ['counter', 'n'], value: seq }] });
      queueMicrotask(() => ack({ ok: true }));
    });
    // Measure 11's baseline: every socket in one room; `broadcast` emits one message to the room.
    void socket.join('all');
    socket.on('broadcast', (message, ack) => {
      io.to('all').emit('update', message);
      ack({ ok: true });
    });
    if (mode === 'wholeVar') {
      socket.on('toggle', (index, ack) => {
        items[index].done = !items[index].done;
        socket.emit('event', { delta: { 'state.list': { items } }, events: [], final: true });
        ack({ ok: true });
      });
    }
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address();
  running = {
    close: () => new Promise((resolve) => io.close(() => resolve())),
    io,
  };
  return { url: `http://127.0.0.1:${port}`, pid: process.pid };
}

/**
 * Heap and RSS after full garbage collections (the child must run with --expose-gc), and the
 * number of connected sockets.
 */
export async function memory() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    rss: usage.rss,
    sockets: running?.io.of('/').sockets.size ?? 0,
    gc: typeof globalThis.gc === 'function',
  };
}

/** Background tasks running in the core server. */
export function taskCount() {
  return running?.app?.backgroundTasks.size ?? 0;
}

/** Closes the server of this process. */
export async function stop() {
  await running?.close();
  running = undefined;
}

/** CPU time this process has used so far, in microseconds (user + system). */
export function cpuTime() {
  const { user, system } = process.cpuUsage();
  return user + system;
}
