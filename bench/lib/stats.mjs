// Small statistics helpers for latency samples (milliseconds) and repeated figures.

/** The q-quantile (0..1) of `samples` by nearest rank; NaN for no samples. */
export function quantile(samples, q) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values`. */
export function median(values) {
  return quantile(values, 0.5);
}

/** p50 and p99 of `samples`. */
export function percentiles(samples) {
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), n: samples.length };
}

/** Resolves after `ms` milliseconds. */
export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
