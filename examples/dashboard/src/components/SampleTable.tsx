import { formatTime } from '../format';
import { METRICS, type Sample } from '../metrics';

/**
 * The chart's data as a table, newest first, folded away under the chart: what a screen reader
 * reads instead of the lines, and the exact numbers the CSV export writes.
 */
export function SampleTable({ samples }: { samples: readonly Sample[] }) {
  return (
    <details className="samples">
      <summary>Data table</summary>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Time (UTC)</th>
            {METRICS.map((metric) => (
              <th key={metric.key}>
                {metric.label} ({metric.unit})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...samples].reverse().map((sample) => (
            <tr key={sample.seq} data-testid="dash-sample-row" data-seq={sample.seq}>
              <td>{sample.seq}</td>
              <td>{formatTime(sample.at)}</td>
              {METRICS.map((metric) => (
                <td key={metric.key}>{sample[metric.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
