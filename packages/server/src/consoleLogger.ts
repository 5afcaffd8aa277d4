import type { Logger } from '@core/state';
import { foldRepeatedLogs } from './foldRepeatedLogs.js';
import { redactToken, redactTokens } from './tokenRedaction.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /**
   * How long repeats of one kind of entry are counted before one line reports them, in ms (see
   * `foldRepeatedLogs`); `0` writes every entry.
   * @default 10_000
   */
  repeatInterval?: number;
}

/**
 * A logger that writes one line per entry to stderr, from `level` up, with the tab's token (when
 * given as `details.token`) and the error's stack. Tokens are shortened to their first characters
 * wherever they appear: a whole signed token would let whoever reads the log connect as that tab.
 * Repeats are folded: the first entry of a kind is written with its stack, the next ones of the
 * same kind are counted and reported once per `repeatInterval` (a Redis outage failing every event
 * of every tab writes a few lines, not a stack per event).
 * @param level the least severe level written. @default process.env.CORE_LOG_LEVEL ?? 'info'
 */
export function consoleLogger(
  level: Level = (process.env.CORE_LOG_LEVEL as Level) ?? 'info',
  options: ConsoleLoggerOptions = {},
): Logger {
  const write = (entryLevel: Level) => (message: string, details?: Record<string, unknown>) => {
    if (ORDER[entryLevel] < (ORDER[level] ?? 1)) return;
    const token = typeof details?.token === 'string' ? ` (token ${redactToken(details.token)})` : '';
    const error = details?.error;
    const extra = error instanceof Error ? `\n${error.stack ?? error.message}` : '';
    process.stderr.write(redactTokens(`[core] ${entryLevel}: ${message}${token}${extra}\n`));
  };
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const interval = options.repeatInterval ?? 10_000;
  return interval > 0 ? foldRepeatedLogs(logger, { interval }) : logger;
}
