import { StateError } from '../errors.js';
import { CronExpression } from './cronExpression.js';
import { sleep } from './sleep.js';

/**
 * When a scheduled app task runs: `every` an interval (`'1s'`, `'5m'`, `'1h30m'`, or milliseconds),
 * at whole multiples of it since the Unix epoch, so every process agrees on the slots and a task
 * that moves to another process keeps its rhythm; or on a `cron` expression, in UTC
 * (see {@link CronExpression}).
 */
export type ScheduleOptions = { readonly every: string | number } | { readonly cron: string };

/** A resolved {@link ScheduleOptions}. */
export interface Schedule {
  /** The option as written, for listings and messages (`every 1s`, `cron 0 * * * *`). */
  readonly description: string;
  /** The first run time (ms since the epoch) strictly after `after`. */
  next(after: number): number;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of a duration: a number of milliseconds, or a string of one or more
 * `<number><unit>` parts with units `ms`, `s`, `m`, `h`, `d` (`'1s'`, `'250ms'`, `'1h30m'`). Throws
 * `StateError` (`INVALID_SCHEDULE`) for anything else, zero or a negative.
 */
export function parseDuration(value: string | number): number {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(value.trim())) {
    ms = 0;
    for (const [, amount, unit = 'ms'] of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
      ms += Number(amount) * (UNITS[unit] ?? Number.NaN);
    }
  }
  if (!(Number.isFinite(ms) && ms >= 1)) {
    throw new StateError(
      'INVALID_SCHEDULE',
      `The duration ${JSON.stringify(value)} is not a positive number of milliseconds or a string such as '1s', '5m' or '1h30m'.`,
    );
  }
  return ms;
}

/** Resolves `every` or `cron`; throws `StateError` (`INVALID_SCHEDULE`) for both, neither or a bad value. */
export function resolveSchedule(options: ScheduleOptions): Schedule {
  const every = 'every' in options ? options.every : undefined;
  const cron = 'cron' in options ? options.cron : undefined;
  if ((every === undefined) === (cron === undefined)) {
    throw new StateError('INVALID_SCHEDULE', 'A schedule needs exactly one of `every` and `cron`; pick one.');
  }
  if (cron !== undefined) {
    const expression = new CronExpression(cron);
    return { description: `cron ${cron}`, next: (after) => expression.next(after) };
  }
  const interval = parseDuration(every as string | number);
  return {
    description: `every ${every}`,
    next: (after) => (Math.floor(after / interval) + 1) * interval,
  };
}

/** setTimeout's longest delay; a longer wait (a yearly cron) is slept in parts. */
const MAX_TIMER = 2_147_483_647;

/**
 * Waits until the schedule's next time after `now()` and resolves with that time; rejects with the
 * signal's reason when it aborts. Long waits are slept in parts and re-checked against the clock.
 */
export async function waitForNext(
  schedule: Schedule,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<number> {
  const at = schedule.next(now());
  for (let left = at - now(); left > 0; left = at - now()) await sleep(Math.min(left, MAX_TIMER), signal);
  return at;
}
