import { type ReactNode, useSyncExternalStore } from 'react';
import { useCoreClient } from './coreContext.js';
import type { Toast } from './toastStore.js';

/** What a toast renderer gets. */
export interface ToastRenderProps {
  readonly toasts: readonly Toast[];
  readonly dismiss: (id: number) => void;
}

/** Props of {@link Toaster}. */
export interface ToasterProps {
  /** Replaces the default look; gets the toasts and `dismiss`. */
  render?: (props: ToastRenderProps) => ReactNode;
}

const BACKGROUND: Record<Toast['kind'], string> = {
  info: '#1e3a8a',
  success: '#166534',
  warning: '#92400e',
  error: '#991b1b',
};

/**
 * The toasts shown by `client.toast(...)`: a live region (`role="status"`, polite, test id
 * `core-toasts`) with one dismissible item per toast (test id `core-toast`). `CoreProvider`
 * renders it; its `renderToasts` prop replaces the look.
 */
export function Toaster({ render }: ToasterProps) {
  const store = useCoreClient().toasts;
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  if (render) return <>{render({ toasts, dismiss: store.dismiss })}</>;
  return (
    <div
      role="status"
      data-testid="core-toasts"
      style={{ position: 'fixed', top: 12, right: 12, zIndex: 2147483646, font: '14px system-ui, sans-serif' }}
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="core-toast"
          data-kind={toast.kind}
          style={{
            margin: 8,
            padding: '8px 12px',
            borderRadius: 6,
            background: BACKGROUND[toast.kind],
            color: 'white',
          }}
        >
          {toast.message}
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => store.dismiss(toast.id)}
            style={{ background: 'none', border: 0, color: 'inherit', marginLeft: 8 }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
