// What a sample is and how each of its metrics is shown. Shared by the server (the sampler, the CSV
// export) and the page (tiles, chart, table): a plain module, so the page bundles it as it is.

/** One reading of the server, taken once a second by the sampler (`src/state/sampler.ts`). */
export interface Sample {
  /** 1, 2, 3…: the sample's number since the app's state was created. */
  readonly seq: number;
  /** When it was taken, in ms since the epoch. */
  readonly at: number;
  /** Requests per second (simulated: a daily-looking wave with noise and bursts). */
  readonly rps: number;
  /** 95th-percentile latency in ms (simulated: it follows the load). */
  readonly latencyMs: number;
  /** CPU time the server process used over the last interval, in % of one core (measured). */
  readonly cpuPercent: number;
  /** The server process's resident memory in MB (measured). */
  readonly memoryMb: number;
}

/** The numeric fields of a sample. */
export type MetricKey = 'rps' | 'latencyMs' | 'cpuPercent' | 'memoryMb';

/** How one metric is labelled and drawn. */
export interface Metric {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: string;
  /** The CSV column. */
  readonly column: string;
  /** The line's colour in the chart (a CSS colour). */
  readonly color: string;
}

/** The metrics, in the order of the tiles and of the CSV columns. */
export const METRICS: readonly Metric[] = [
  { key: 'rps', label: 'Requests', unit: 'req/s', column: 'requests_per_s', color: '#4f7cff' },
  { key: 'latencyMs', label: 'Latency p95', unit: 'ms', column: 'latency_ms', color: '#f08c2e' },
  { key: 'cpuPercent', label: 'CPU', unit: '%', column: 'cpu_percent', color: '#2fb67c' },
  { key: 'memoryMb', label: 'Memory', unit: 'MB', column: 'memory_mb', color: '#a35ee8' },
];

/** How many samples the chart and the data table show. */
export const CHART_SAMPLES = 60;
