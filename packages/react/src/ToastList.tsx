import type { ToastRenderProps } from './Toaster.js';
import type { Toast } from './toastStore.js';

const BACKGROUND: Record<Toast['kind'], string> = {
  info: '#1e3a8a',
  success: '#166534',
  warning: '#92400e',
  error: '#991b1b',
};

/**
 * The default look of the toasts: one dismissible item per toast (test id `core-toast`). A chunk
 * of its own, which `Toaster` loads when the first toast shows.
 */
export default function ToastList({ toasts, dismiss }: ToastRenderProps) {
  return toasts.map((toast) => (
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
        onClick={() => dismiss(toast.id)}
        style={{ background: 'none', border: 0, color: 'inherit', marginLeft: 8 }}
      >
        ×
      </button>
    </div>
  ));
}
