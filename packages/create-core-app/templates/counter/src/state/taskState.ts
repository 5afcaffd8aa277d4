import { type Chain, defineState, sleep } from '@core/state';

/**
 * A counter that a background task advances on the server. "Run" starts `myTask`, which adds one
 * every half second until it reaches `maxCounter`; "Stop" cancels it. The runtime keeps one task
 * per browser tab (`exclusive`) and calls `onTaskEnd` however the task ended — done, cancelled,
 * its tab closed for a minute, its server killed — so `running` is true exactly while it runs.
 */
export const TaskState = defineState('task', {
  vars: { counter: 0, maxCounter: 10, running: false },
  computed: { remaining: (s) => Math.max(0, s.maxCounter - s.counter) },
  events: {
    toggleRunning(_s, _: void, ctx): Chain {
      if (ctx.tasks.some((t) => t.name === 'myTask' && !t.cancelled)) ctx.cancel(TaskState.myTask);
      else return TaskState.myTask();
    },
    clearCounter(s) {
      s.counter = 0;
    },
    setMaxCounter(s, value: number) {
      s.maxCounter = Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
    },
  },
  background: {
    myTask: {
      // A start while one runs cancels it and runs once it has ended.
      exclusive: 'restart',
      async run(task) {
        await task.modify((s) => {
          s.running = true;
        });
        for (;;) {
          // The lock is held only inside task.modify: the page stays interactive between steps.
          const more = await task.modify((s) => {
            if (s.counter >= s.maxCounter) return false;
            s.counter += 1;
            return true;
          });
          if (!more) return;
          await sleep(500, task.signal); // rejects at once when the task is cancelled
        }
      },
    },
  },
  onTaskEnd(s, { name }) {
    if (name === 'myTask') s.running = false;
  },
});
