// The Markdown table and results.json of a bench run.
import os from 'node:os';

/** One line describing the machine and its load when the run started. */
export function describeMachine() {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'} ×${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${load}`;
}

const digits = { µs: 0, ms: 0, B: 0, 'events/s': 0, KiB: 1, kB: 1 };

function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits[unit] ?? 2, minimumFractionDigits: digits[unit] ?? 2 })} ${unit}`;
}

function formatRatio(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return ratio < 0.01 ? ratio.toExponential(2) : ratio.toFixed(2);
}

/** The results as a Markdown table: one row per measure, secondary figures after a `·`. */
export function markdownTable(results) {
  const lines = ['| # | measure | value | baseline | ratio | goal | met |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    if (r.error) {
      lines.push(`| ${r.id} | ${r.name} | failed: ${r.error.split('\n')[0]} | | | ${r.goal} | ❌ |`);
      continue;
    }
    const s = r.secondary;
    const unit = s?.unit ?? r.unit;
    const value = [r.display ?? formatValue(r.value, r.unit), s && `${s.name} ${formatValue(s.value, unit)}`];
    const baseline = [
      `${formatValue(r.baseline, r.unit)} (${r.baselineName})`,
      s && `${s.name} ${formatValue(s.baseline, unit)}`,
    ];
    const ratio = [formatRatio(r.ratio), s && `${s.name} ${formatRatio(s.ratio)}`];
    const cell = (parts) => parts.filter(Boolean).join(' · ');
    lines.push(
      `| ${r.id} | ${r.name} | ${cell(value)} | ${cell(baseline)} | ${cell(ratio)} | ${r.goal} | ${r.met ? '✅' : '❌'} |`,
    );
  }
  return lines.join('\n');
}

/** The results.json entries: the fields every consumer reads first, then what explains them. */
export function toJson(results) {
  return results.map((r) => ({
    id: r.id,
    name: r.name,
    value: r.value ?? null,
    baseline: r.baseline ?? null,
    ratio: r.ratio ?? null,
    unit: r.unit,
    goal: r.goal,
    met: Boolean(r.met),
    baselineName: r.baselineName,
    ...(r.secondary ? { secondary: r.secondary } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.details ? { details: r.details } : {}),
  }));
}
