import { type Chain, defineState, sleep } from '@core/state';

/**
 * The seed's background counter: a run/stop toggle starts `myTask`, which adds one every half
 * second below the max, or cancels it. The runtime keeps one task per tab (`exclusive`) and calls
 * `onTaskEnd` however it ended (done, cancelled, the tab gone for the grace period, its process
 * killed), so `running` is true exactly while the task runs — a duplicated tab, a restart or a
 * `kill -9` leaves no stuck `running`, and no heartbeat var is needed.
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
      s.maxCounter = Number.isFinite(value) ? value : 0;
    },
  },
  background: {
    myTask: {
      // A start while one runs (quick toggles) cancels it and runs once it has ended.
      exclusive: 'restart',
      async run(task) {
        await task.modify((s) => {
          s.running = true;
        });
        for (;;) {
          const more = await task.modify((s) => {
            if (s.counter >= s.maxCounter) return false;
            s.counter += 1;
            return true;
          });
          if (!more) return;
          await sleep(500, task.signal);
        }
      },
    },
  },
  onTaskEnd(s, { name }) {
    if (name === 'myTask') s.running = false;
  },
});
