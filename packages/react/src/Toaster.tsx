import { type ReactNode, Suspense, useSyncExternalStore } from 'react';
import { useCoreClient } from './coreContext.js';
import { lazyView } from './lazyView.js';
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

// The items' default look is loaded with the first toast: a page that shows none never downloads it.
const ToastList = lazyView(() => import('./ToastList.js'));

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
      {toasts.length > 0 && (
        <Suspense>
          <ToastList toasts={toasts} dismiss={store.dismiss} />
        </Suspense>
      )}
    </div>
  );
}
