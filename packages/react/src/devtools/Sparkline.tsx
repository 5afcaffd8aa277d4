import type { TrafficSample } from './devtoolsStore.js';

/** Bytes per second in and out over the last minute, as two lines. Test id: `devtools-sparkline`. */
export function Sparkline({
  samples,
  width = 180,
  height = 36,
}: {
  samples: readonly TrafficSample[];
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...samples.map((s) => Math.max(s.in, s.out)));
  const step = samples.length > 1 ? width / (samples.length - 1) : width;
  const line = (pick: (s: TrafficSample) => number) =>
    samples
      .map((s, i) => `${(i * step).toFixed(1)},${(height - 2 - (pick(s) / max) * (height - 4)).toFixed(1)}`)
      .join(' ');
  return (
    <svg data-testid="devtools-sparkline" width={width} height={height} role="img" aria-label="bytes per second">
      <rect width={width} height={height} fill="#020617" />
      {samples.length > 0 && <polyline points={line((s) => s.out)} fill="none" stroke="#38bdf8" strokeWidth="1.5" />}
      {samples.length > 0 && <polyline points={line((s) => s.in)} fill="none" stroke="#f472b6" strokeWidth="1.5" />}
    </svg>
  );
}
