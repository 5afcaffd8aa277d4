import { StateError } from '../errors.js';

/** One field's bounds and names. */
interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
// 7 is Sunday too; it is folded onto 0 after parsing.
const WEEKDAY: FieldSpec = {
  name: 'day of week',
  min: 0,
  max: 7,
  names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** How far {@link CronExpression.next} looks: a leap day can be eight years away (2096 → 2104). */
const HORIZON_YEARS = 9;

/**
 * A cron expression, in UTC: five fields (`minute hour day-of-month month day-of-week`) or six
 * with seconds first. Each field takes `*`, numbers, ranges `a-b`, steps (`/n` after `*` or a range), lists
 * `a,b`, and month and weekday names (`jan`, `mon`); a weekday of 7 is Sunday. As in Vixie cron,
 * when both day fields are restricted (neither starts with `*`) a day matches either of them.
 * `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly` and `@yearly`/`@annually` are shorthands.
 *
 * @example
 * new CronExpression('0,30 9-17 * * mon-fri').next(Date.now()) // the next half hour of a working day, UTC
 */
export class CronExpression {
  /** The expression as written. */
  readonly source: string;
  readonly #seconds: readonly boolean[];
  readonly #minutes: readonly boolean[];
  readonly #hours: readonly boolean[];
  readonly #days: readonly boolean[];
  readonly #months: readonly boolean[];
  readonly #weekdays: readonly boolean[];
  /** Both day fields restricted: a day matches either. */
  readonly #eitherDay: boolean;
  readonly #anyDay: boolean;
  readonly #anyWeekday: boolean;

  /** Parses `source`; throws `StateError` (`INVALID_SCHEDULE`) naming the field that is wrong. */
  constructor(source: string) {
    this.source = source;
    const text = String(source).trim().toLowerCase();
    const fields = (MACROS[text] ?? text).split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw invalid(
        source,
        `has ${fields.length} fields; write five (minute hour day month weekday) or six (seconds first)`,
      );
    }
    if (fields.length === 5) fields.unshift('0');
    const [second, minute, hour, day, month, weekday] = fields as [string, string, string, string, string, string];
    this.#seconds = parseField(source, second, SECOND);
    this.#minutes = parseField(source, minute, MINUTE);
    this.#hours = parseField(source, hour, HOUR);
    this.#days = parseField(source, day, DAY);
    this.#months = parseField(source, month, MONTH);
    const weekdays = [...parseField(source, weekday, WEEKDAY)];
    weekdays[0] = weekdays[0] || weekdays[7] === true;
    this.#weekdays = weekdays.slice(0, 7);
    this.#anyDay = day.startsWith('*');
    this.#anyWeekday = weekday.startsWith('*');
    this.#eitherDay = !this.#anyDay && !this.#anyWeekday;
    if (Number.isNaN(this.next(Date.UTC(2000, 0, 1)))) {
      throw invalid(source, 'never matches a date (such as February 30); check the day and month fields');
    }
  }

  /** The first time (ms since the epoch, a whole second) strictly after `after` that matches; NaN if none within nine years. */
  next(after: number): number {
    let t = new Date(Math.floor(after / 1_000) * 1_000 + 1_000);
    const horizon = t.getUTCFullYear() + HORIZON_YEARS;
    while (t.getUTCFullYear() <= horizon) {
      const [y, mo, d, h, mi] = [
        t.getUTCFullYear(),
        t.getUTCMonth(),
        t.getUTCDate(),
        t.getUTCHours(),
        t.getUTCMinutes(),
      ];
      if (!this.#months[mo + 1]) t = new Date(Date.UTC(y, mo + 1, 1));
      else if (!this.#dayMatches(d, t.getUTCDay())) t = new Date(Date.UTC(y, mo, d + 1));
      else if (!this.#hours[h]) t = new Date(Date.UTC(y, mo, d, h + 1));
      else if (!this.#minutes[mi]) t = new Date(Date.UTC(y, mo, d, h, mi + 1));
      else if (!this.#seconds[t.getUTCSeconds()]) t = new Date(t.getTime() + 1_000);
      else return t.getTime();
    }
    return Number.NaN;
  }

  #dayMatches(day: number, weekday: number): boolean {
    const byDay = this.#days[day] === true;
    const byWeekday = this.#weekdays[weekday] === true;
    if (this.#eitherDay) return byDay || byWeekday;
    return byDay && byWeekday;
  }
}

/** The allowed values of one field, indexed by value. */
function parseField(source: string, field: string, spec: FieldSpec): boolean[] {
  const allowed = Array.from({ length: spec.max + 1 }, () => false);
  for (const part of field.split(',')) {
    const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw invalid(source, `has a ${spec.name} field "${field}" that is not a value, range, step or list`);
    const [, range = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1 && step <= spec.max)) throw invalid(source, `has a step of ${stepText} in the ${spec.name} field`);
    let from = spec.min;
    let to = spec.max;
    if (range !== '*') {
      const [first = '', last] = range.split('-');
      from = fieldValue(source, first, spec);
      // `5/15` means from 5 to the end, every 15.
      to = last !== undefined ? fieldValue(source, last, spec) : stepText === undefined ? from : spec.max;
      if (to < from) throw invalid(source, `has a ${spec.name} range "${range}" that runs backwards`);
    }
    for (let value = from; value <= to; value += step) allowed[value] = true;
  }
  return allowed;
}

function fieldValue(source: string, text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text) ?? -1;
  const value = named >= 0 ? named + (spec === MONTH ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max)) {
    throw invalid(source, `has ${spec.name} "${text}", outside ${spec.min}-${spec.max}`);
  }
  return value;
}

function invalid(source: string, problem: string): StateError {
  return new StateError('INVALID_SCHEDULE', `The cron expression "${source}" ${problem}.`);
}
