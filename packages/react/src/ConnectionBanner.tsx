import { useConnection } from './useConnection.js';

/** Props of {@link ConnectionBanner}. */
export interface ConnectionBannerProps {
  /** Replaces the default text. */
  message?: string;
}

/**
 * A small banner shown while the connection is lost (`reconnecting` or `offline`); nothing
 * otherwise. Test id: `connection-banner`.
 */
export function ConnectionBanner({ message }: ConnectionBannerProps) {
  const status = useConnection();
  if (status !== 'reconnecting' && status !== 'offline') return null;
  return (
    <div
      role="status"
      data-testid="connection-banner"
      data-status={status}
      style={{
        position: 'fixed',
        top: 0,
        left: 0,
        right: 0,
        padding: '6px 12px',
        background: '#b45309',
        color: 'white',
        font: '14px system-ui, sans-serif',
        textAlign: 'center',
        zIndex: 2147483647,
      }}
    >
      {message ??
        (status === 'offline'
          ? 'Offline. Changes will be sent when the connection is back.'
          : 'Connection lost. Reconnecting…')}
    </div>
  );
}
