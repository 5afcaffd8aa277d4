import { isStateError } from '@core/state';
import { CronExpression, parseDuration, resolveSchedule, waitForNext } from '@core/state/internal';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

const utc = (text: string) => Date.parse(`${text}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isStateError(error) ? error.code : 'not a StateError';
  }
  return 'no error';
};

describe('parseDuration', () => {
  it('reads milliseconds and unit strings, summing parts', () => {
    expect(parseDuration(20)).toBe(20);
    expect(parseDuration('1s')).toBe(1_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 2d ')).toBe(172_800_000);
  });

  it.each(['', '1', 's', '1 s', '1w', '0s', '-1s', 0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %j with INVALID_SCHEDULE',
    (value) => {
      expect(codeOf(() => parseDuration(value))).toBe('INVALID_SCHEDULE');
    },
  );
});

describe('resolveSchedule', () => {
  it("every: runs at whole multiples of the interval since the epoch, strictly after 'after'", () => {
    const schedule = resolveSchedule({ every: '1s' });
    expect(schedule.description).toBe('every 1s');
    expect(schedule.next(1_000)).toBe(2_000);
    expect(schedule.next(1_999)).toBe(2_000);
    expect(schedule.next(2_000)).toBe(3_000);
    expect(resolveSchedule({ every: '5m' }).next(utc('2024-05-01T10:07:13'))).toBe(utc('2024-05-01T10:10:00'));
  });

  it('needs exactly one of every and cron', () => {
    expect(codeOf(() => resolveSchedule({} as never))).toBe('INVALID_SCHEDULE');
    expect(codeOf(() => resolveSchedule({ every: '1s', cron: '* * * * *' } as never))).toBe('INVALID_SCHEDULE');
    expect(resolveSchedule({ cron: '@hourly' }).next(utc('2024-05-01T10:07:13'))).toBe(utc('2024-05-01T11:00:00'));
  });
});

describe('CronExpression (UTC)', () => {
  const next = (expression: string, after: string) => iso(new CronExpression(expression).next(utc(after)));

  it.each([
    ['* * * * *', '2024-05-01T10:07:13', '2024-05-01T10:08:00'],
    ['* * * * *', '2024-05-01T10:07:00', '2024-05-01T10:08:00'],
    ['*/15 * * * *', '2024-05-01T10:07:13', '2024-05-01T10:15:00'],
    ['5/20 * * * *', '2024-05-01T10:26:00', '2024-05-01T10:45:00'],
    ['0 0 * * *', '2024-05-01T10:07:13', '2024-05-02T00:00:00'],
    ['30 9 * * mon-fri', '2024-05-04T12:00:00', '2024-05-06T09:30:00'], // Saturday → Monday
    ['0 0 * * 7', '2024-05-01T00:00:00', '2024-05-05T00:00:00'], // 7 is Sunday
    ['0 0 * * sun', '2024-05-01T00:00:00', '2024-05-05T00:00:00'],
    ['0 0 13 * fri', '2024-05-01T00:00:00', '2024-05-03T00:00:00'], // both restricted: either day
    ['0 0 13 * *', '2024-05-01T00:00:00', '2024-05-13T00:00:00'],
    ['0 0 */2 * fri', '2024-05-01T00:00:00', '2024-05-03T00:00:00'], // */ counts as unrestricted: both
    ['59 23 31 12 *', '2024-06-15T00:00:00', '2024-12-31T23:59:00'],
    ['0 0 1 jan,jul *', '2024-01-01T00:00:00', '2024-07-01T00:00:00'],
    ['0 0 29 2 *', '2023-03-01T00:00:00', '2024-02-29T00:00:00'],
    ['0 12 31 * *', '2024-04-01T00:00:00', '2024-05-31T12:00:00'], // skips April (30 days)
    ['*/10 * * * * *', '2024-05-01T10:07:13', '2024-05-01T10:07:20'], // seconds first
    ['0 0-10/5 8 * * *', '2024-05-01T08:04:00', '2024-05-01T08:05:00'],
    ['@daily', '2024-12-31T23:00:00', '2025-01-01T00:00:00'],
    ['@weekly', '2024-05-01T00:00:00', '2024-05-05T00:00:00'],
    ['@monthly', '2024-05-01T00:00:00', '2024-06-01T00:00:00'],
    ['@yearly', '2024-05-01T00:00:00', '2025-01-01T00:00:00'],
  ])('%s after %s is %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it.each([
    '* * * *',
    '* * * * * * *',
    '60 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '* * * 13 *',
    '* * * * 8',
    '5-1 * * * *',
    '*/0 * * * *',
    'foo * * * *',
    '1,,2 * * * *',
    '0 0 30 2 *',
    '@often',
  ])('refuses %j with INVALID_SCHEDULE', (expression) => {
    expect(codeOf(() => new CronExpression(expression))).toBe('INVALID_SCHEDULE');
  });

  it('the next time matches and no earlier minute after the start does (property)', () => {
    // A plain reference: does a minute match the fields, read as sets of numbers?
    const field = (values: number[] | undefined, value: number) => values === undefined || values.includes(value);
    const list = (min: number, max: number) =>
      fc.option(fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 }), { nil: undefined });
    fc.assert(
      fc.property(
        list(0, 59),
        list(0, 23),
        list(0, 6),
        fc.integer({ min: utc('2020-01-01T00:00:00'), max: utc('2030-01-01T00:00:00') }),
        (minutes, hours, weekdays, start) => {
          const text = (values: number[] | undefined) => (values ? values.join(',') : '*');
          const expression = `${text(minutes)} ${text(hours)} * * ${text(weekdays)}`;
          const matches = (t: number) => {
            const d = new Date(t);
            return field(minutes, d.getUTCMinutes()) && field(hours, d.getUTCHours()) && field(weekdays, d.getUTCDay());
          };
          const found = new CronExpression(expression).next(start);
          expect(found).toBeGreaterThan(start);
          expect(found % 60_000).toBe(0);
          expect(matches(found)).toBe(true);
          for (let t = Math.floor(start / 60_000) * 60_000 + 60_000; t < found; t += 60_000) {
            if (matches(t)) throw new Error(`${expression}: ${iso(t)} matches before ${iso(found)}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('waitForNext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves at the next slot, not before', async () => {
    vi.useFakeTimers({ now: 10_250 });
    let done: number | undefined;
    void waitForNext(resolveSchedule({ every: '1s' }), new AbortController().signal).then((at) => {
      done = at;
    });
    await vi.advanceTimersByTimeAsync(749);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(11_000);
  });

  it('sleeps past the longest timer in parts (a yearly cron) and rejects at once when aborted', async () => {
    vi.useFakeTimers({ now: utc('2024-01-01T00:00:00') });
    const controller = new AbortController();
    const waiting = waitForNext(resolveSchedule({ cron: '@yearly' }), controller.signal);
    let settled = false;
    waiting.then(
      () => {
        settled = true;
      },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(30 * 86_400_000);
    expect(settled).toBe(false);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    const yearly = waitForNext(resolveSchedule({ cron: '@yearly' }), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(utc('2025-01-01T00:00:00') - Date.now());
    await expect(yearly).resolves.toBe(utc('2025-01-01T00:00:00'));
  });
});
