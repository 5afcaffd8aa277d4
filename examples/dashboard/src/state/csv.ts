import { METRICS, type Sample } from '../metrics';

/** The CSV's first line: `seq,time,requests_per_s,latency_ms,cpu_percent,memory_mb`. */
export const CSV_HEADER = ['seq', 'time', ...METRICS.map((metric) => metric.column)].join(',');

/** One sample as a CSV line, in the columns of {@link CSV_HEADER} (numbers need no quoting). */
export function csvLine(sample: Sample): string {
  return [sample.seq, new Date(sample.at).toISOString(), ...METRICS.map((metric) => sample[metric.key])].join(',');
}
