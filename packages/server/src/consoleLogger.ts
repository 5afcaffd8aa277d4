import type { Logger } from '@core/state';
import { redactToken, redactTokens } from './tokenRedaction.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger that writes one line per entry to stderr, from `level` up, with the tab's token (when
 * given as `details.token`) and the error's stack. Tokens are shortened to their first characters
 * wherever they appear: a whole signed token would let whoever reads the log connect as that tab.
 * @param level the least severe level written. @default process.env.CORE_LOG_LEVEL ?? 'info'
 */
export function consoleLogger(level: Level = (process.env.CORE_LOG_LEVEL as Level) ?? 'info'): Logger {
  const write = (entryLevel: Level) => (message: string, details?: Record<string, unknown>) => {
    if (ORDER[entryLevel] < (ORDER[level] ?? 1)) return;
    const token = typeof details?.token === 'string' ? ` (token ${redactToken(details.token)})` : '';
    const error = details?.error;
    const extra = error instanceof Error ? `\n${error.stack ?? error.message}` : '';
    process.stderr.write(redactTokens(`[core] ${entryLevel}: ${message}${token}${extra}\n`));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
