// A process of the two-process task tests: the same state module in both processes. Run with
// TASK_PROCESS_MAIN=1 (and REDIS_URL, KEY_PREFIX, TOKEN) it starts both tasks on TOKEN, prints
// "tasks running" once both wrote, and keeps running until killed.
import { createRedisStateManager } from '@core/server/redis';
import { createApp, defineState, sleep } from '@core/state';

export const Work = defineState('work', {
  vars: { running: false, resumedRuns: -1, ends: [], listed: [] },
  events: {
    list(s, _payload, ctx) {
      s.listed = ctx.tasks.map((task) => task.name).sort();
    },
  },
  background: {
    plain: {
      exclusive: 'skip',
      async run(task) {
        await task.modify((s) => {
          s.running = true;
        });
        for (;;) await sleep(50, task.signal);
      },
    },
    durable: {
      exclusive: 'skip',
      resume: true,
      async run(task) {
        await task.modify((s) => {
          s.resumedRuns = task.resumed;
        });
        for (;;) await sleep(50, task.signal);
      },
    },
  },
  onTaskEnd(s, { name, reason }) {
    s.ends = [...s.ends, `${name} ${reason}`];
    if (name === 'plain') s.running = false;
  },
});

if (process.env.TASK_PROCESS_MAIN === '1') {
  const { REDIS_URL: url, KEY_PREFIX: keyPrefix, TOKEN: token } = process.env;
  const stateManager = await createRedisStateManager({ url, keyPrefix });
  const app = createApp({ states: [Work], stateManager });
  await app.dispatch(token, Work.plain());
  await app.dispatch(token, Work.durable());
  for (;;) {
    const { work } = await app.snapshot(token);
    if (work.running && work.resumedRuns === 0) break;
    await sleep(10); // poll interval
  }
  process.stdout.write('tasks running\n');
}
