import { type Chain, defineState, sleep } from '@core/state';

/**
 * The seed's background counter: a run/stop toggle starts `myTask`, which adds one every half
 * second while running and below the max. `_nTasks` (backend-only) keeps it to one task per tab.
 */
export const TaskState = defineState('task', {
  vars: { counter: 0, maxCounter: 10, running: false, _nTasks: 0, _taskToken: '', _beat: 0 },
  computed: { remaining: (s) => Math.max(0, s.maxCounter - s.counter) },
  events: {
    toggleRunning(s): Chain {
      s.running = !s.running;
      if (s.running) return TaskState.myTask();
    },
    clearCounter(s) {
      s.counter = 0;
    },
    setMaxCounter(s, value: number) {
      s.maxCounter = Number.isFinite(value) ? value : 0;
    },
  },
  background: {
    async myTask(task) {
      const started = await task.modify((s) => {
        // One task per tab. A count left by a task that is gone — its process was killed, or the
        // state was copied from another tab — has a stale heartbeat or another token: take over.
        const alive = s._nTasks > 0 && s._taskToken === task.token && Date.now() - s._beat < 2_000;
        if (alive) return false;
        s._nTasks = 1;
        s._taskToken = task.token;
        s._beat = Date.now();
        return true;
      });
      if (!started) return;
      try {
        for (;;) {
          const stop = await task.modify((s) => {
            s._beat = Date.now();
            if (s.counter >= s.maxCounter) s.running = false;
            if (!s.running) return true;
            s.counter += 1;
            return false;
          });
          if (stop) return;
          await sleep(500, task.signal);
        }
      } finally {
        if (!task.signal.aborted) {
          await task.modify((s) => {
            if (s._taskToken === task.token) s._nTasks = 0;
          });
        }
      }
    },
  },
});
