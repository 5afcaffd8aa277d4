import type { DevtoolsSnapshot } from './devtoolsStore.js';
import { Sparkline } from './Sparkline.js';

/** The page's connection: socket, process, seq, reconnects, hydrates, traffic. Test id: `devtools-connection`. */
export function ConnectionView({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const { connection, traffic, status, refusal } = snapshot;
  return (
    <section className="core-devtools-pane" data-testid="devtools-connection">
      <h3>Connection</h3>
      {refusal && <p className="core-devtools-error">{refusal}</p>}
      <dl className="core-devtools-conn">
        <dt>status</dt>
        <dd data-testid="devtools-status">{status ?? '…'}</dd>
        <dt>socket</dt>
        <dd data-testid="devtools-socket-id">{connection?.socketId ?? '…'}</dd>
        <dt>process</dt>
        <dd>{connection ? `pid ${connection.pid}` : '…'}</dd>
        <dt>seq</dt>
        <dd data-testid="devtools-seq">{connection?.seq ?? snapshot.tree?.seq ?? '…'}</dd>
        <dt>reconnects</dt>
        <dd data-testid="devtools-reconnects">{connection?.reconnects ?? '…'}</dd>
        <dt>hydrates</dt>
        <dd>{connection ? `${connection.hydrates} (${connection.resyncs} resyncs)` : '…'}</dd>
        <dt>in / out</dt>
        <dd data-testid="devtools-bytes">
          {connection
            ? `${formatBytes(connection.bytesInPerSecond)}/s · ${formatBytes(connection.bytesOutPerSecond)}/s`
            : '…'}
        </dd>
      </dl>
      <Sparkline samples={traffic} />
      <div style={{ fontSize: 10, color: '#94a3b8' }}>
        <span style={{ color: '#f472b6' }}>in</span> · <span style={{ color: '#38bdf8' }}>out</span>, last minute
      </div>
    </section>
  );
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
