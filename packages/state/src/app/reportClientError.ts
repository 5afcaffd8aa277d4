import type { ClientErrorReport } from '../client/index.js';
import type { AppHandle } from '../definition/index.js';
import type { Logger } from '../logger.js';

/** The second argument of `onClientError`: whose page it was. */
export interface ClientErrorContext {
  /** The tab whose page reported the error (from its connection, not from the report). */
  readonly token: string;
  /** The user the server's `authenticate` hook found for the page, if any. */
  readonly user: unknown;
  /** The app, e.g. to record the error in the tab's state with `app.modifyState(token, …)`. */
  readonly app: AppHandle;
}

/** `AppOptions.onClientError`: told of each error a page reports. */
export type ClientErrorHook = (report: ClientErrorReport, context: ClientErrorContext) => void | Promise<void>;

/**
 * Logs an error a page reported (one line per kind of message; the logger folds repeats) and calls
 * the app's hook, if any. Nothing the hook does reaches the transport: a throw or a rejection is
 * logged, and a hook that never settles holds nothing.
 */
export function reportClientError(
  logger: Logger,
  hook: ClientErrorHook | undefined,
  report: ClientErrorReport,
  context: ClientErrorContext,
): void {
  // The browser's stack, carried as an error so that loggers print it like a server stack.
  const error = Object.assign(new Error(report.message), { name: 'BrowserError' });
  error.stack = [report.stack ?? report.message, report.componentStack].filter(Boolean).join('\n');
  const where = report.href ? ` at ${report.href.split('?')[0]}` : '';
  logger.error(`A page reported ${DESCRIPTION[report.kind]}${where}: ${report.message}`, {
    token: context.token,
    kind: report.kind,
    href: report.href,
    error,
  });
  if (!hook) return;
  const failed = (hookError: unknown) =>
    logger.error('The onClientError hook failed', { token: context.token, error: hookError });
  try {
    const done = hook(report, context);
    if (done && typeof done.then === 'function') done.then(undefined, failed);
  } catch (hookError) {
    failed(hookError);
  }
}

const DESCRIPTION: Record<ClientErrorReport['kind'], string> = {
  error: 'an uncaught error',
  unhandledrejection: 'an unhandled rejection',
  render: 'a render error',
};
