import { formatValue } from '../format';
import { METRICS, type MetricKey, type Sample } from '../metrics';

/** Props of {@link StatTiles}. */
export interface StatTilesProps {
  /** The newest sample, if any was taken yet. */
  readonly latest: Sample | undefined;
  /** The metric the chart draws: its tile is pressed. */
  readonly selected: MetricKey;
  readonly onSelect: (metric: MetricKey) => void;
}

/** One tile per metric with its newest value; clicking a tile puts that metric in the chart. */
export function StatTiles({ latest, selected, onSelect }: StatTilesProps) {
  return (
    <div className="tiles">
      {METRICS.map((metric) => (
        <button
          key={metric.key}
          type="button"
          className="tile"
          style={{ borderTopColor: metric.color }}
          aria-pressed={metric.key === selected}
          data-testid={`dash-tile-${metric.key}`}
          onClick={() => onSelect(metric.key)}
        >
          <span className="tile-label">{metric.label}</span>
          <span className="tile-value">
            <strong data-testid={`dash-value-${metric.key}`}>{latest ? formatValue(latest[metric.key]) : '–'}</strong>{' '}
            {metric.unit}
          </span>
        </button>
      ))}
    </div>
  );
}
