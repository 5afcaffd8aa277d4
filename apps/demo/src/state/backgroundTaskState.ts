import { type Chain, defineState, sleep } from '@core/state';

/**
 * A port of the background-task test page of Reflex's suite: many ways of changing one counter
 * from event handlers and background tasks at once; the totals must come out exact.
 */
export const BackgroundTaskState = defineState('bg', {
  vars: { counter: 0, iterations: 10, _taskId: 0 },
  events: {
    setIterations(s, value: number) {
      s.iterations = Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
    },
    increment(s) {
      s.counter += 1;
    },
    resetCounter(s) {
      s.counter = 0;
    },
    async blockingPause() {
      await sleep(20); // holds the tab's lock: events queue behind it
    },
  },
  background: {
    async delayedIncrement(task) {
      await task.modify((s) => {
        s._taskId += 1;
      });
      for (let i = 0; i < task.state.iterations; i++) {
        await task.modify((s) => {
          s.counter += 1;
        });
        await sleep(5, task.signal);
      }
    },
    async *yieldIncrement(task): AsyncGenerator<Chain> {
      await task.modify((s) => {
        s._taskId += 1;
      });
      for (let i = 0; i < task.state.iterations; i++) {
        yield i % 2 === 0 ? BackgroundTaskState.incrementArbitrary(1) : BackgroundTaskState.increment();
        await sleep(5, task.signal);
      }
    },
    async incrementArbitrary(task, amount: number) {
      await task.modify((s) => {
        s.counter += amount;
      });
    },
    async nonBlockingPause(task) {
      await sleep(20, task.signal);
    },
    async racyIncrement(task) {
      // Four loops of one task at once: their modify blocks take turns, no update is lost.
      const iterations = task.state.iterations;
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          await task.modify((s) => {
            s._taskId += 1;
          });
          for (let i = 0; i < iterations; i++) {
            await task.modify((s) => {
              s.counter += 1;
            });
            await sleep(5, task.signal);
          }
        }),
      );
    },
    async nestedModify(task) {
      await task.modify(async (s) => {
        s.counter += 1;
        try {
          await task.modify((inner) => {
            inner.counter += 1;
          });
        } catch {
          // ImmutableStateError: a modify inside a modify of the same task is refused.
        }
      });
    },
    async yieldInModify(task) {
      await task.modify(async function* (s) {
        s.counter += 1;
        yield;
        s.counter += 1;
      });
    },
  },
});

/** Changes the counter of another state of the same tab (Reflex's get_state scenario). */
export const OtherState = defineState('bgOther', {
  vars: { refused: 0 },
  background: {
    async incrementFromOther(task) {
      const bg = await task.modify(async (_s, tx) => {
        const state = await tx.get(BackgroundTaskState);
        state.counter += 1;
        state.counter *= 3;
        return state;
      });
      let refused = 0;
      try {
        bg.counter += 1; // outside modify: refused
      } catch {
        refused += 1;
      }
      await task.modify(async (s, tx) => {
        const state = await tx.get(BackgroundTaskState);
        state.counter += 1;
        state.counter *= 3;
        s.refused += refused;
      });
    },
  },
});
