import { useCollection } from '@core/react/collection';
import { useState } from 'react';
import { EventLog } from './components/EventLog';
import { ExportPanel } from './components/ExportPanel';
import { LineChart } from './components/LineChart';
import { SampleTable } from './components/SampleTable';
import { StatTiles } from './components/StatTiles';
import { formatTime } from './format';
import { CHART_SAMPLES, METRICS, type MetricKey } from './metrics';
import { MetricsState } from './state/metricsState';

/** The dashboard: tiles, the chart of the selected metric, its data, the export and the event log. */
export function App() {
  // The newest samples, kept in step with the server: each new one arrives as one small update.
  const { items } = useCollection(MetricsState, 'samples', { window: CHART_SAMPLES });
  const samples = items.slice(-CHART_SAMPLES);
  // Which metric the chart draws is this page's own business: React state, not server state.
  const [selected, setSelected] = useState<MetricKey>('rps');
  const metric = METRICS.find((m) => m.key === selected)!;
  return (
    <div className="grid">
      <div className="main">
        <StatTiles latest={samples.at(-1)} selected={selected} onSelect={setSelected} />
        <section className="panel">
          <h2>
            {metric.label}{' '}
            <span className="muted">
              · {metric.unit}, last {CHART_SAMPLES} seconds
            </span>
          </h2>
          <LineChart
            values={samples.map((sample) => sample[selected])}
            capacity={CHART_SAMPLES}
            color={metric.color}
            label={`${metric.label} in ${metric.unit}, last ${samples.length} samples`}
            startLabel={samples[0] && formatTime(samples[0].at)}
            endLabel={samples.at(-1) && formatTime(samples.at(-1)!.at)}
          />
          <SampleTable samples={samples} />
        </section>
      </div>
      <aside className="side">
        <ExportPanel />
        <EventLog />
      </aside>
    </div>
  );
}
