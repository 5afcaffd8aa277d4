import { formatValue } from '../format';

/** Props of {@link LineChart}. */
export interface LineChartProps {
  /** The values to draw, oldest first. */
  readonly values: readonly number[];
  /** How many values fit across: until there are that many, the line grows from the left. */
  readonly capacity: number;
  /** The line's colour (a CSS colour). */
  readonly color: string;
  /** What the chart shows, for screen readers ("Requests in req/s, last 60 samples"). */
  readonly label: string;
  /** Under the left end of the x axis (the oldest time). */
  readonly startLabel?: string;
  /** Under the right end of the x axis (the newest time). */
  readonly endLabel?: string;
}

const width = 640;
const height = 240;
const pad = { left: 48, right: 16, top: 14, bottom: 26 };

/**
 * A line chart in plain SVG: a rounded y axis from zero with four grid lines, the line, a soft area
 * under it and a dot on the newest value. The viewBox scales it to its container's width.
 */
export function LineChart({ values, capacity, color, label, startLabel, endLabel }: LineChartProps) {
  const top = roundCeiling(Math.max(0, ...values));
  const x = (i: number) => pad.left + (i / Math.max(1, capacity - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values.length - 1;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid="dash-chart"
      data-points={values.length}
    >
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g key={f}>
          <line className="chart-grid" x1={pad.left} x2={width - pad.right} y1={y(top * f)} y2={y(top * f)} />
          <text className="chart-axis" x={pad.left - 8} y={y(top * f)} textAnchor="end" dominantBaseline="middle">
            {formatValue(top * f)}
          </text>
        </g>
      ))}
      <text className="chart-axis" x={pad.left} y={height - 6}>
        {startLabel}
      </text>
      <text className="chart-axis" x={width - pad.right} y={height - 6} textAnchor="end">
        {endLabel}
      </text>
      {last > 0 && <polygon fill={color} opacity={0.12} points={`${x(0)},${y(0)} ${points} ${x(last)},${y(0)}`} />}
      <polyline fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" points={points} />
      {last >= 0 && <circle cx={x(last)} cy={y(values[last])} r={4} fill={color} />}
    </svg>
  );
}

/** The smallest 1, 2, 4 or 8 × 10ⁿ at or above `value`: a top whose quarters are round numbers. */
function roundCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 4, 8, 10].find((m) => m * power >= value) ?? 10) * power;
}
