import { collection, defineState } from '@core/state';
import { CHART_SAMPLES, type Sample } from '../metrics';
import { appendLog, LogState } from './logState';

/** How many samples the server keeps (ten minutes at one a second): what an export writes. */
export const KEPT_SAMPLES = 600;

/**
 * App-wide: the samples the `sampler` app task takes once a second, and how many pages watch them.
 * One copy for every viewer; a new sample reaches each page as one small op (the samples are a
 * collection, so keeping 600 of them costs a page only the 60 it draws).
 */
export const MetricsState = defineState('metrics', {
  scope: 'app',
  vars: {
    samples: collection<Sample, number>({ key: 'seq', window: CHART_SAMPLES, from: 'end' }),
    /** How many samples were taken in all: the newest one's `seq`. */
    taken: 0,
    /** How many pages have the dashboard open. */
    watching: 0,
    /** Which alerts are raised, so that each crossing is logged once (see `alerts.ts`). */
    _alerts: { latency: false, traffic: false },
  },
  /** Every page is in the app's presence list: count them, and log who comes and goes. */
  async onPresence(s, { kind, count }, ctx) {
    s.watching = count;
    if (kind === 'update') return;
    const text = kind === 'join' ? 'A viewer opened the dashboard' : 'A viewer left';
    appendLog(await ctx.get(LogState), 'info', `${text} (${count} watching)`);
  },
});
