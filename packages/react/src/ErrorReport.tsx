import type { WireErrorReport } from '@core/state/protocol';

/** Props of {@link ErrorReport}. */
export interface ErrorReportProps {
  readonly error: WireErrorReport;
  readonly dismiss: () => void;
}

/**
 * The look of `ErrorBanner`: the failure (test id `core-error`, its code in `data-code`) and, in
 * development, its stack. A chunk of its own, loaded with the first failure the server reports.
 */
export default function ErrorReport({ error, dismiss }: ErrorReportProps) {
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
      <button type="button" onClick={dismiss} style={{ marginLeft: 8 }} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
