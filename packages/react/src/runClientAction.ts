import type { ClientAction } from '@core/state/protocol';
import type { ToastStore } from './toastStore.js';

/** Navigates inside the app (a router's `navigate`); returns false to fall back to a page load. */
export type Navigator = (href: string, options: { replace: boolean }) => boolean | undefined;

/** What the interpreter acts on. */
export interface ClientActionEnvironment {
  readonly toasts: ToastStore;
  /** The app's router, when it registered one with `client.setNavigator`. */
  readonly navigate?: Navigator;
}

/**
 * Carries out one client action sent by the server. Actions are data: nothing the server sends
 * is evaluated, and a URL that is not relative, http(s) or mailto is refused here too. Rejects
 * with a plain `Error` for an action it cannot carry out. The interpreter is a chunk of its own,
 * loaded on the first call: a page that never gets an action never downloads it.
 */
export async function runClientAction(action: ClientAction, env: ClientActionEnvironment): Promise<void> {
  const { interpretClientAction } = await import('./clientActionInterpreter.js');
  return interpretClientAction(action, env);
}
