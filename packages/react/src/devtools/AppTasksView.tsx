import type { DevtoolsAppTask } from '@core/state/protocol';
import type { DevtoolsSnapshot } from './devtoolsStore.js';

/** What each state of an app task reads as in the panel. */
const STATE_LABELS: Readonly<Record<DevtoolsAppTask['state'], string>> = {
  running: 'running here',
  failed: 'failed, restarting',
  done: 'done here',
  elsewhere: 'on another process',
  waiting: 'waiting for a process',
  stopped: 'stopped',
};

/**
 * The app's app-lifetime tasks as the page's server process sees them: per task its state (running
 * here, held by another process, waiting, stopped, failed with its error), runs and last run. Test
 * ids: `devtools-app-tasks`, a `devtools-app-task` row per task (`data-name`, `data-state`) with
 * `devtools-app-task-runs`, `devtools-app-task-last-run` and `devtools-app-task-error`.
 */
export function AppTasksView({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const { appTasks, connection } = snapshot;
  // Ages are measured on the server's clock (the figures' `at`), so a skewed page clock does not matter.
  const now = connection?.at ?? Date.now();
  return (
    <section className="core-devtools-pane" data-testid="devtools-app-tasks">
      <h3>App tasks</h3>
      {appTasks.length === 0 && <p className="core-devtools-muted">none (createApp({'{ tasks }'}))</p>}
      {appTasks.map((task) => (
        <div
          key={task.name}
          className="core-devtools-apptask"
          data-testid="devtools-app-task"
          data-name={task.name}
          data-state={task.state}
        >
          <div className="core-devtools-row">
            <span className="h">{task.name}</span>
            <span className="core-devtools-origin" data-state={task.state} title={task.holder ?? ''}>
              {task.state === 'elsewhere' && task.holder
                ? `${STATE_LABELS.elsewhere} ${task.holder.slice(0, 8)}`
                : STATE_LABELS[task.state]}
            </span>
            {task.schedule && <span className="m">{task.schedule}</span>}
          </div>
          <div className="core-devtools-row m">
            runs <span data-testid="devtools-app-task-runs">{task.runs}</span>
            {task.failures > 0 && <span>({task.failures} failed)</span>}
            <span>· last run</span>
            <span
              data-testid="devtools-app-task-last-run"
              title={task.lastRun ? new Date(task.lastRun).toISOString() : ''}
            >
              {task.lastRun === undefined ? 'never here' : formatAge(now - task.lastRun)}
            </span>
          </div>
          {task.lastError && (
            <div className="core-devtools-error" data-testid="devtools-app-task-error">
              {task.lastError}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`. */
function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}
