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
  const rows = [['#', 'measure', 'value', 'baseline', 'ratio', 'goal', 'met']];
  for (const r of results) {
    if (r.error) {
      rows.push([String(r.id), r.name, `failed: ${r.error.split('\n')[0]}`, '', '', r.goal, 'no']);
      continue;
    }
    const s = r.secondary;
    const unit = s?.unit ?? r.unit;
    const cell = (...parts) => parts.filter(Boolean).join(' · ');
    rows.push([
      String(r.id),
      r.name,
      cell(r.display ?? formatValue(r.value, r.unit), s && `${s.name} ${formatValue(s.value, unit)}`),
      cell(`${formatValue(r.baseline, r.unit)} (${r.baselineName})`, s && `${s.name} ${formatValue(s.baseline, unit)}`),
      cell(formatRatio(r.ratio), s && `${s.name} ${formatRatio(s.ratio)}`),
      r.goal,
      r.met ? 'yes' : 'no',
    ]);
  }
  return alignedTable(rows);
}

/** A Markdown table with padded columns, as the formatter (Biome) writes it. */
function alignedTable(rows) {
  const width = (text) => [...text].length; // every character here is one column wide
  const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((row) => width(row[column]))));
  const pad = (cell, column) => cell + ' '.repeat(widths[column] - width(cell));
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n');
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
    ...(r.display ? { display: r.display } : {}),
    ...(r.secondary ? { secondary: r.secondary } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.details ? { details: r.details } : {}),
  }));
}
