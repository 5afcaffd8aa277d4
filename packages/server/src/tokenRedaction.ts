import type { Logger } from '@core/state';

/** A signed token as `createTokenSigner` issues it: 22 characters of id, a dot, 32 of signature. */
const SIGNED_TOKEN = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g;

/**
 * A token as logs show it: the first 6 characters of its id, enough to tell tabs apart, not enough
 * to connect as that tab (which needs the whole signed token).
 */
export function redactToken(token: string): string {
  return `${token.slice(0, 6)}…`;
}

/** `text` with every signed token in it shortened by {@link redactToken}. */
export function redactTokens(text: string): string {
  return text.replace(SIGNED_TOKEN, (_match, id: string) => redactToken(id));
}

/**
 * A logger that passes entries on with tokens shortened: in the message and in string details
 * (`token` first of all). Error objects are passed as they are (their class and fields matter to
 * the logger); `consoleLogger` shortens tokens in the stacks it prints.
 */
export function redactingLogger(inner: Logger): Logger {
  const wrap =
    (write: Logger['info']) =>
    (message: string, details?: Record<string, unknown>): void => {
      let redacted = details;
      if (details) {
        redacted = {};
        for (const [key, value] of Object.entries(details)) {
          if (typeof value !== 'string') redacted[key] = value;
          else redacted[key] = key === 'token' ? redactToken(value) : redactTokens(value);
        }
      }
      write.call(inner, redactTokens(message), redacted);
    };
  return { debug: wrap(inner.debug), info: wrap(inner.info), warn: wrap(inner.warn), error: wrap(inner.error) };
}
