import { useCollection } from '@core/react/collection';
import { memo } from 'react';
import { formatTime } from '../format';
import { type LogEntry, LogState } from '../state/logState';

/**
 * The app-wide event log, newest first: the first paint carries the newest entries (the
 * collection's window), new ones arrive at the top as they happen, older ones load on demand.
 */
export function EventLog() {
  const log = useCollection(LogState, 'entries', { page: 10 });
  return (
    <section className="panel">
      <h2>
        Event log{' '}
        <span className="muted">
          · <span data-testid="dash-log-total">{log.total}</span> entries
        </span>
      </h2>
      <ol className="log" data-testid="dash-log">
        {log.items.map((entry) => (
          <LogRow key={entry.id} entry={entry} />
        ))}
      </ol>
      {log.hasOlder && (
        <button type="button" data-testid="dash-log-older" disabled={log.loading} onClick={() => void log.loadOlder()}>
          Older entries
        </button>
      )}
    </section>
  );
}

/** One entry: its items keep their identity, so a new entry does not re-render the others. */
const LogRow = memo(function LogRow({ entry }: { entry: LogEntry }) {
  return (
    <li className={`log-${entry.level}`} data-testid="dash-log-entry" data-id={entry.id}>
      <time>{formatTime(entry.at)}</time> {entry.text}
    </li>
  );
});
