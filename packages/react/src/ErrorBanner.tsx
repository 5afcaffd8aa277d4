import type { WireErrorReport } from '@core/state/protocol';
import { useEffect, useState } from 'react';
import { useCoreClient } from './coreContext.js';

/**
 * Shows the last failure the server reported for this tab (a handler that threw, a refused
 * event) until dismissed. In development the report carries the message and stack. Test id:
 * `core-error`.
 */
export function ErrorBanner() {
  const client = useCoreClient();
  const [error, setError] = useState<WireErrorReport | undefined>();
  useEffect(() => client.onError(setError), [client]);
  if (!error) return null;
  return (
    <div
      role="alert"
      data-testid="core-error"
      data-code={error.code}
      style={{
        position: 'fixed',
        bottom: 12,
        right: 12,
        maxWidth: 480,
        padding: '8px 12px',
        background: '#991b1b',
        color: 'white',
        font: '13px system-ui, sans-serif',
        borderRadius: 6,
        zIndex: 2147483647,
      }}
    >
      <strong>{error.handler ?? error.code}</strong>: {error.message}
      {error.stack && (
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 11, maxHeight: 200, overflow: 'auto' }}>{error.stack}</pre>
      )}
      <button type="button" onClick={() => setError(undefined)} style={{ marginLeft: 8 }} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
