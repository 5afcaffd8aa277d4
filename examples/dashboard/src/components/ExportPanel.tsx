import { useAppState, useEvent } from '@core/react';
import { ExportState } from '../state/exportState';

const statusText = {
  idle: 'Not started',
  running: 'Exporting…',
  done: 'Ready',
  cancelled: 'Cancelled',
  failed: 'Failed',
} as const;

/** Starts a CSV export on the server, shows its progress live, cancels it, downloads the file. */
export function ExportPanel() {
  const { status, percent, done, total, filename } = useAppState(ExportState);
  const start = useEvent(ExportState.start);
  const cancel = useEvent(ExportState.cancel);
  const download = useEvent(ExportState.download);
  return (
    <section className="panel">
      <h2>Export</h2>
      <p className="muted">Every sample the server keeps (up to ten minutes) as CSV, built in the background.</p>
      <progress max={100} value={percent} data-testid="dash-export-progress" />
      <p className="export-line">
        <span data-testid="dash-export-status" data-status={status}>
          {statusText[status]}
        </span>
        <span>
          <span data-testid="dash-export-percent">{percent}%</span> · {done} of {total} rows
        </span>
      </p>
      <div className="buttons">
        {status === 'running' ? (
          <button type="button" data-testid="dash-export-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" data-testid="dash-export-start" onClick={() => void start()}>
            {status === 'idle' ? 'Export CSV' : 'Export again'}
          </button>
        )}
        {status === 'done' && (
          <button type="button" className="primary" data-testid="dash-export-download" onClick={() => void download()}>
            Download {filename}
          </button>
        )}
      </div>
    </section>
  );
}
