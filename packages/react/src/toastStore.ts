import type { ToastKind } from '@core/state';

/** One toast on screen. */
export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly kind: ToastKind;
}

/** Options of {@link ToastStore.show}. */
export interface ShowToastOptions {
  /** @default 'info' */
  kind?: ToastKind;
  /** Milliseconds before it goes away; 0 keeps it until dismissed. @default 5_000 */
  duration?: number;
}

/** The most toasts kept at once; the oldest goes first. */
const MAX_TOASTS = 5;

/** The page's toasts: what `client.toast` actions and the app's own code show. */
export class ToastStore {
  #toasts: readonly Toast[] = [];
  #nextId = 1;
  readonly #listeners = new Set<() => void>();

  /** The toasts on screen, oldest first (a new array on every change). */
  getSnapshot = (): readonly Toast[] => this.#toasts;

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Shows a toast; returns its id. */
  show(message: string, options: ShowToastOptions = {}): number {
    const toast: Toast = { id: this.#nextId++, message, kind: options.kind ?? 'info' };
    this.#toasts = [...this.#toasts, toast];
    const duration = options.duration ?? 5_000;
    // A toast dismissed earlier is gone when its timer fires: that dismiss does nothing.
    if (duration > 0) setTimeout(() => this.dismiss(toast.id), duration);
    if (this.#toasts.length > MAX_TOASTS) this.dismiss(this.#toasts[0].id);
    else this.#notify();
    return toast.id;
  }

  /** Removes a toast (no-op when it is gone already). */
  dismiss = (id: number): void => {
    const toasts = this.#toasts.filter((t) => t.id !== id);
    if (toasts.length === this.#toasts.length) return;
    this.#toasts = toasts;
    this.#notify();
  };

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
