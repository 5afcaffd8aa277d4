import type { Logger } from '@core/state';

type Level = keyof Logger;

/** Options of {@link foldRepeatedLogs}. */
export interface FoldRepeatedLogsOptions {
  /** How long repeats of a kind are counted before one line reports them, in ms. @default 10_000 */
  interval?: number;
  /** Kinds tracked at once; entries of further kinds are counted together. @default 1_000 */
  maxKinds?: number;
}

interface Kind {
  readonly level: Level;
  readonly message: string;
  repeats: number;
}

/**
 * A logger that passes the first entry of each kind on as it is (with its error and stack), then
 * only counts the repeats: once per `interval`, one line per kind that repeated says how often
 * (`… (repeated 532 times in the last 10 s)`). A kind is the level, the handler, the error's code
 * and the message with quoted values and numbers left out — so a store outage that fails every
 * event of every tab is one kind, not one stack per event. A kind silent for a whole interval is
 * forgotten: its next entry is passed on in full again. `consoleLogger` folds this way; wrap an
 * app's own logger with it to get the same bound.
 *
 * @example
 * createServer({ app, logger: foldRepeatedLogs(myLogger) });
 */
export function foldRepeatedLogs(inner: Logger, options: FoldRepeatedLogsOptions = {}): Logger {
  const interval = options.interval ?? 10_000;
  const maxKinds = options.maxKinds ?? 1_000;
  const kinds = new Map<string, Kind>();
  let overflow = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    const seconds = Math.round(interval / 1_000);
    for (const [key, kind] of kinds) {
      if (kind.repeats === 0) {
        kinds.delete(key);
        continue;
      }
      inner[kind.level](`${kind.message} (repeated ${kind.repeats} times in the last ${seconds} s)`);
      kind.repeats = 0;
    }
    if (overflow > 0) {
      inner.warn(
        `${overflow} log entries of further kinds were left out in the last ${seconds} s (too many kinds at once)`,
      );
      overflow = 0;
    }
    if (kinds.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const write =
    (level: Level) =>
    (message: string, details?: Record<string, unknown>): void => {
      const key = kindOf(level, message, details);
      const kind = kinds.get(key);
      if (kind) {
        kind.repeats += 1;
        return;
      }
      if (kinds.size >= maxKinds) {
        overflow += 1;
        return;
      }
      kinds.set(key, { level, message, repeats: 0 });
      if (!timer) {
        timer = setInterval(flush, interval);
        timer.unref?.();
      }
      inner[level](message, details);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** What makes two entries "the same": level, handler, error code, and the message's fixed words. */
function kindOf(level: Level, message: string, details: Record<string, unknown> | undefined): string {
  const error = details?.error as { code?: unknown; name?: unknown } | undefined;
  const code = typeof error?.code === 'string' ? error.code : typeof error?.name === 'string' ? error.name : '';
  const handler = typeof details?.handler === 'string' ? details.handler : '';
  const words = message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, '0');
  return `${level}|${handler}|${code}|${words}`;
}
