import type { Sample } from '../metrics';

/** The alerts the sampler watches. */
export type AlertName = 'latency' | 'traffic';

/** Which alerts are raised now. */
export type RaisedAlerts = Record<AlertName, boolean>;

/** An alert: raised when its metric reaches `above`, cleared once it is back under `below`. */
interface AlertRule {
  readonly name: AlertName;
  readonly metric: 'latencyMs' | 'rps';
  readonly above: number;
  readonly below: number;
  readonly raised: (value: number) => string;
  readonly cleared: (value: number) => string;
}

// The gap between the two thresholds keeps a noisy metric from raising and clearing every second.
const rules: readonly AlertRule[] = [
  {
    name: 'latency',
    metric: 'latencyMs',
    above: 150,
    below: 120,
    raised: (ms) => `Latency high: ${ms} ms`,
    cleared: (ms) => `Latency back to normal: ${ms} ms`,
  },
  {
    name: 'traffic',
    metric: 'rps',
    above: 1_200,
    below: 1_000,
    raised: (rps) => `Traffic spike: ${rps} req/s`,
    cleared: (rps) => `Traffic back to normal: ${rps} req/s`,
  },
];

/** One alert that `sample` raised or cleared, with the log line that says so. */
export interface Crossing {
  readonly name: AlertName;
  readonly raised: boolean;
  readonly text: string;
}

/** The alerts whose state `sample` changes, given which are raised now. */
export function crossings(raised: RaisedAlerts, sample: Sample): Crossing[] {
  const found: Crossing[] = [];
  for (const rule of rules) {
    const value = sample[rule.metric];
    if (!raised[rule.name] && value >= rule.above)
      found.push({ name: rule.name, raised: true, text: rule.raised(value) });
    if (raised[rule.name] && value < rule.below)
      found.push({ name: rule.name, raised: false, text: rule.cleared(value) });
  }
  return found;
}
