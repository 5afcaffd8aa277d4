import type { Logger } from '@core/state';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger that writes one line per entry to stderr, from `level` up.
 * @param level the least severe level written. @default 'info'
 */
export function consoleLogger(level: Level = (process.env.CORE_LOG_LEVEL as Level) ?? 'info'): Logger {
  const write = (entryLevel: Level) => (message: string, details?: Record<string, unknown>) => {
    if (ORDER[entryLevel] < (ORDER[level] ?? 1)) return;
    const error = details?.error;
    const extra = error instanceof Error ? `\n${error.stack ?? error.message}` : '';
    process.stderr.write(`[core] ${entryLevel}: ${message}${extra}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
