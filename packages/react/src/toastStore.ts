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
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
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
    if (duration > 0)
      this.#timers.set(
        toast.id,
        setTimeout(() => this.dismiss(toast.id), duration),
      );
    if (this.#toasts.length > MAX_TOASTS) this.dismiss(this.#toasts[0].id);
    else this.#notify();
    return toast.id;
  }

  /** Removes a toast (no-op when it is gone already). */
  dismiss = (id: number): void => {
    if (!this.#toasts.some((t) => t.id === id)) return;
    this.#clearTimer(id);
    this.#toasts = this.#toasts.filter((t) => t.id !== id);
    this.#notify();
  };

  #clearTimer(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
