import type { App } from '@core/state';
import { type AppListener, type AppPort, resolveApp } from '@core/state/internal';

/** A promise with its resolve function outside: a gate a test opens when it chooses. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Resolves `app` as a transport would (`resolveApp`) with a listener that passes everything on to
 * the listeners added later with `add`: a test stands in for the transport. The first added
 * listener with `call` answers client calls.
 */
export function attachTransport(app: App): { port: AppPort; add(listener: AppListener): void } {
  const listeners: AppListener[] = [];
  const port = resolveApp(app, {
    listener: {
      update: (key, update, epoch) => {
        for (const listener of listeners) listener.update?.(key, update, epoch);
      },
      relinked: (token, links, previous) => {
        for (const listener of listeners) listener.relinked?.(token, links, previous);
      },
      action: (token, delivery) => {
        for (const listener of listeners) listener.action?.(token, delivery);
      },
      error: (token, error) => {
        for (const listener of listeners) listener.error?.(token, error);
      },
      call: (token, request) => {
        const answering = listeners.find((listener) => listener.call);
        if (answering?.call) return answering.call(token, request);
        return Promise.resolve({ ok: false, error: { code: 'NO_PAGE', message: 'no page answers in this test' } });
      },
    },
  });
  return { port, add: (listener) => void listeners.push(listener) };
}
