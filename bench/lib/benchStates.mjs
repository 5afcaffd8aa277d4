// The states the core bench servers serve. Each server picks the ones its measure needs, so a
// page hydrates only what it uses (a 10,000-item list would distort every other figure).
import { defineState, sleep } from '@core/state';
import { createItems } from './items.mjs';

/** A click: one number goes up. */
export const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
  },
});

/** One app-wide number every page sees (measure 11: fan-out). */
export const Broadcast = defineState('broadcast', {
  scope: 'app',
  vars: { n: 0 },
  events: {
    bump(s) {
      s.n += 1;
    },
  },
});

/** A 10,000-item list; `toggle(i)` changes one item. */
export const BigList = defineState('list', {
  vars: { items: createItems(10_000) },
  events: {
    toggle(s, index) {
      s.items[index].done = !s.items[index].done;
    },
  },
});

/** A background task updating its token at 20 Hz until `stop`. */
export const Ticker = defineState('ticker', {
  vars: { ticks: 0, running: false },
  events: {
    start(s) {
      if (s.running) return undefined;
      s.running = true;
      return Ticker.run();
    },
    stop(s) {
      s.running = false;
    },
  },
  background: {
    async run(task) {
      const period = 50; // 20 Hz, on a fixed schedule so slow ticks do not drift the rate
      const started = performance.now();
      for (let tick = 1; ; tick++) {
        const stop = await task.modify((s) => {
          if (!s.running) return true;
          s.ticks += 1;
          return false;
        });
        if (stop) return;
        await sleep(Math.max(0, started + tick * period - performance.now()), task.signal);
      }
    },
  },
});

export const statesByName = { counter: Counter, list: BigList, ticker: Ticker, broadcast: Broadcast };
