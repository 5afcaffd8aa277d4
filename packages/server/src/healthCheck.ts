import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@core/state';
import type { StateManagerHealth } from '@core/state/internal';

/** The path of the health endpoint. */
export const HEALTH_PATH = '/healthz';

/** How long the endpoint waits for the state manager's answer before calling it unhealthy, in ms. */
const HEALTH_TIMEOUT = 2_500;

/**
 * `GET /healthz` (and `HEAD`): 200 `{ ok: true, tasks, appTasks }` while the state manager reaches its store
 * (`appTasks`: per app task its `name`, `state`, `runs`, `failures`, `lastRun`),
 * 503 `{ ok: false, reason, tasks }` otherwise (a Redis outage shows within 3 s, the recovery
 * within a few seconds of Redis being back). Other methods get 405. Never cached.
 */
export async function answerHealth(req: IncomingMessage, res: ServerResponse, app: App): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('[core/server] The health endpoint answers GET and HEAD only.');
    return;
  }
  const health = await stateManagerHealth(app);
  // The app tasks as this process sees them: which one runs here, which elsewhere or waits for a
  // holder, and its runs here (no error messages: the endpoint is public).
  const appTasks = app.appTasks
    .list()
    .map(({ name, state, runs, failures, lastRun }) => ({ name, state, runs, failures, lastRun }));
  const body = health.ok
    ? { ok: true, tasks: app.backgroundTasks.size, appTasks }
    : { ok: false, reason: health.reason, tasks: app.backgroundTasks.size, appTasks };
  res.writeHead(health.ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
}

/** The state manager's own answer (healthy when it has no `health`), bounded in time. */
async function stateManagerHealth(app: App): Promise<StateManagerHealth> {
  const manager = app.stateManager;
  if (!manager.health) return { ok: true };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<StateManagerHealth>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: `The state manager did not answer its health check within ${HEALTH_TIMEOUT} ms.`,
        }),
      HEALTH_TIMEOUT,
    );
  });
  try {
    return await Promise.race([
      manager.health().catch(
        (error: unknown): StateManagerHealth => ({
          ok: false,
          reason: `The state manager's health check failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
