import { createApp, defineState } from '@core/state';
import { expect, it } from 'vitest';
import { deferred } from './helpers.js';

// A start from a page bypasses the token's queue. It used to record its position among the page's
// events at once, so the page's earlier events still waiting in the queue were skipped as resends
// (the port of Reflex's background-task page lost increments), or — recorded the other way round —
// the start itself was skipped because a later event of the page was recorded first.
it('a task started by a page neither swallows the page’s earlier queued events nor is swallowed by its later ones', async () => {
  const gate = deferred();
  const S = defineState('page', {
    vars: { n: 0 },
    events: {
      async hold() {
        await gate.promise;
      },
      inc(s) {
        s.n += 1;
      },
    },
    background: {
      async add(task) {
        await task.modify((s) => {
          s.n += 100;
        });
      },
      exclusiveAdd: {
        exclusive: 'queue',
        async run(task) {
          await task.modify((s) => {
            s.n += 1_000;
          });
        },
      },
    },
  });
  const app = createApp({ states: [S] });
  const fromPage = (n: number) => ({ origin: 'client' as const, id: `p-${n}`, order: { source: 'p', n } });
  const sent = [
    app.dispatch('t', S.hold(), fromPage(1)),
    app.dispatch('t', S.inc(), fromPage(2)),
    app.dispatch('t', S.add(), fromPage(3)),
    app.dispatch('t', S.exclusiveAdd(), fromPage(4)),
    app.dispatch('t', S.inc(), fromPage(5)),
  ];
  gate.resolve();
  await Promise.all(sent);
  await app.idle();
  expect((await app.snapshot('t')).page.n).toBe(1_102);
  // A resend of a start (same id) starts nothing.
  await app.dispatch('t', S.add(), fromPage(3));
  await app.dispatch('t', S.exclusiveAdd(), fromPage(4));
  await app.idle();
  expect((await app.snapshot('t')).page.n).toBe(1_102);
  await app.close();
});
