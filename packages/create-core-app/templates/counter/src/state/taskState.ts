import { type Chain, defineState, sleep } from '@core/state';

/**
 * A counter that a background task advances on the server. "Run" starts `myTask`, which adds one
 * every half second until it reaches `maxCounter` or is stopped. Vars starting with `_` stay on
 * the server: `_nTasks` keeps it to one task per browser tab.
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
      s.maxCounter = Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
    },
  },
  background: {
    async myTask(task) {
      // The lock is held only inside task.modify: the page stays interactive between steps.
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
          const done = await task.modify((s) => {
            s._beat = Date.now();
            if (s.counter >= s.maxCounter) s.running = false;
            if (!s.running) return true;
            s.counter += 1;
            return false;
          });
          if (done) return;
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
