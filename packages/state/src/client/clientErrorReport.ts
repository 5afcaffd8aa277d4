/** What went wrong in a page: an uncaught error, an unhandled promise rejection, or a React render error. */
export type ClientErrorKind = 'error' | 'unhandledrejection' | 'render';

/**
 * A browser error as the server takes it from a page (`core:client-error`) and passes it to the
 * app's `onClientError` hook: text the page wrote, so a claim, cut to size and stripped of control
 * characters.
 */
export interface ClientErrorReport {
  readonly kind: ClientErrorKind;
  /** The error's message, one line. */
  readonly message: string;
  /** The error's stack as the browser wrote it. */
  readonly stack?: string;
  /** For a render error: the components it was thrown in (React's component stack). */
  readonly componentStack?: string;
  /** Where the page was (path and query). */
  readonly href?: string;
}

/** Characters each field of a report may have; longer text is cut (ending with `…`). */
export const CLIENT_ERROR_LIMITS = { message: 1_024, stack: 8_192, componentStack: 8_192, href: 2_048 } as const;

const KINDS: ReadonlySet<string> = new Set<ClientErrorKind>(['error', 'unhandledrejection', 'render']);
// Control characters but tab and newline: a page's text must not rewrite the server's log lines.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * The report a page's `core:client-error` message holds, checked (an object with a known `kind`
 * and a string `message`; optional string fields) and cut to {@link CLIENT_ERROR_LIMITS}; undefined
 * for anything else.
 */
export function readClientErrorReport(raw: unknown): ClientErrorReport | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { kind, message, stack, componentStack, href } = raw as Record<string, unknown>;
  if (typeof kind !== 'string' || !KINDS.has(kind) || typeof message !== 'string') return undefined;
  const report: { -readonly [K in keyof ClientErrorReport]: ClientErrorReport[K] } = {
    kind: kind as ClientErrorKind,
    message: cut(message.replace(/\s*\n\s*/g, ' '), CLIENT_ERROR_LIMITS.message),
  };
  if (typeof stack === 'string' && stack) report.stack = cut(stack, CLIENT_ERROR_LIMITS.stack);
  if (typeof componentStack === 'string' && componentStack)
    report.componentStack = cut(componentStack, CLIENT_ERROR_LIMITS.componentStack);
  if (typeof href === 'string' && href) report.href = cut(href.replace(/\s/g, ''), CLIENT_ERROR_LIMITS.href);
  return report;
}

/** `text` without control characters, at most `limit` characters. */
function cut(text: string, limit: number): string {
  const clean = text.replace(CONTROL, '');
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}
