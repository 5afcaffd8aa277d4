import { defineAppTask } from '@core/state';
import type { Sample } from '../metrics';
import { crossings } from './alerts';
import { appendLog, LogState } from './logState';
import { KEPT_SAMPLES, MetricsState } from './metricsState';

/**
 * Once a second, on one process of the cluster: takes a sample, adds it to the app-wide samples
 * (dropping the oldest past `KEPT_SAMPLES`) and logs the alerts it raises or clears. Every open
 * dashboard gets the new sample as one small update.
 */
export const sampler = defineAppTask('sampler', { every: '1s' }, async (task) => {
  const at = task.at ?? Date.now();
  const measured = { cpuPercent: cpuPercent(), memoryMb: Math.round(process.memoryUsage.rss() / 1_048_576) };
  await task.modify({ scope: 'app' }, async (tx) => {
    const metrics = await tx.get(MetricsState);
    const traffic = simulateTraffic(metrics.samples.at(-1), at);
    const sample: Sample = { seq: metrics.taken + 1, at, ...traffic, ...measured };
    metrics.samples.insert(sample, 'end');
    metrics.taken = sample.seq;
    if (metrics.samples.size > KEPT_SAMPLES) metrics.samples.delete(metrics.samples.at(0)!.seq);
    const changed = crossings(metrics._alerts, sample);
    if (changed.length === 0) return;
    const log = await tx.get(LogState);
    for (const { name, raised, text } of changed) {
      metrics._alerts[name] = raised;
      appendLog(log, raised ? 'warn' : 'ok', text);
    }
  });
});

let lastCpu = process.cpuUsage();
let lastAt = performance.now();

/** The CPU time this process used since the previous call, in % of one core (measured). */
function cpuPercent(): number {
  const now = performance.now();
  const used = process.cpuUsage(lastCpu);
  const percent = ((used.user + used.system) / 1_000 / Math.max(1, now - lastAt)) * 100;
  lastCpu = process.cpuUsage();
  lastAt = now;
  return Math.round(percent * 10) / 10;
}

/**
 * Requests per second and latency, made up: a wave with a two-minute "day", noise, and a burst now
 * and then. Each sample eases from the previous one, so the lines look like traffic, not static.
 */
function simulateTraffic(previous: Sample | undefined, at: number): Pick<Sample, 'rps' | 'latencyMs'> {
  const wave = 700 + 300 * Math.sin((2 * Math.PI * at) / 120_000);
  const eased = previous ? previous.rps + (wave - previous.rps) * 0.4 : wave;
  const burst = Math.random() < 0.03 ? 1.7 : 1;
  const rps = Math.max(0, Math.round((eased + (Math.random() - 0.5) * 80) * burst));
  const latencyMs = Math.round((30 + rps * 0.1 + Math.random() ** 3 * 50) * 10) / 10;
  return { rps, latencyMs };
}
