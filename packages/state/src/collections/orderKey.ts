/**
 * Order keys: strings whose byte order is the order of a collection's items, so that a key can be
 * made between any two others without renumbering anything (an insert touches one item, in memory,
 * on the wire and in a Redis sorted set ordered by member, whose order is the same byte order).
 *
 * A key is an integer part and an optional fraction. The integer part is a head character that
 * gives its sign and digit count (`a`–`h`: 1–8 digits, not negative; `Z`–`S`: 1–8 digits,
 * negative, stored as `62^digits + n`), then the digits in base 62 (`0-9A-Za-z`, ASCII order).
 * The fraction is more base-62 digits, never ending in `0`, so every value has one spelling and
 * comparing strings compares values. Appending and prepending step the integer part (a key grows
 * by one character per 62× more items: 100,000 prepends end at `XZz7`); only inserts between two
 * neighbours grow the fraction, by about one character per six inserts at the very same place.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62;
const MAX_DIGITS = 8;
/** The largest integer part a key can hold (62^8 − 1, about 2·10^14). */
const MAX_INTEGER = BASE ** MAX_DIGITS - 1;

/** The parts of a valid key. */
interface ParsedKey {
  readonly integer: number;
  /** Head character and integer digits: the prefix that every key with this integer part shares. */
  readonly head: string;
  readonly fraction: string;
}

function digitValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 97 && code <= 122) return code - 61;
  return -1;
}

/** The key of the integer `n` (no fraction). */
export function integerOrderKey(n: number): string {
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_INTEGER) {
    throw new RangeError(`Order key integer ${n} is out of range (±${MAX_INTEGER}).`);
  }
  let digits = 1;
  if (n >= 0) {
    while (n >= BASE ** digits) digits++;
    return String.fromCharCode(96 + digits) + spell(n, digits);
  }
  while (-n > BASE ** digits) digits++;
  return String.fromCharCode(91 - digits) + spell(BASE ** digits + n, digits);
}

function spell(value: number, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) {
    out = DIGITS[value % BASE] + out;
    value = Math.floor(value / BASE);
  }
  return out;
}

function parse(key: string): ParsedKey | undefined {
  const head = key.charCodeAt(0);
  let digits: number;
  let negative: boolean;
  if (head >= 97 && head < 97 + MAX_DIGITS) {
    digits = head - 96;
    negative = false;
  } else if (head <= 90 && head > 90 - MAX_DIGITS) {
    digits = 91 - head;
    negative = true;
  } else return undefined;
  if (key.length < digits + 1) return undefined;
  let value = 0;
  for (let i = 1; i <= digits; i++) {
    const d = digitValue(key[i]);
    if (d < 0) return undefined;
    value = value * BASE + d;
  }
  // One spelling per integer: no leading zero, and a negative uses the fewest digits it can.
  if (digits > 1 && (negative ? key[1] === 'z' : key[1] === '0')) return undefined;
  const fraction = key.slice(digits + 1);
  for (let i = 0; i < fraction.length; i++) if (digitValue(fraction[i]) < 0) return undefined;
  if (fraction.endsWith('0')) return undefined;
  return { integer: negative ? value - BASE ** digits : value, head: key.slice(0, digits + 1), fraction };
}

/** True when `key` is a well-formed order key (one spelling of its value; see the module comment). */
export function isOrderKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && parse(key) !== undefined;
}

function parseOrThrow(key: string): ParsedKey {
  const parsed = parse(key);
  if (!parsed) throw new RangeError(`"${key}" is not an order key.`);
  return parsed;
}

/**
 * A key strictly between `before` and `after` (`null`: no bound on that side), as short as the
 * scheme allows. Throws a `RangeError` when `before` is not below `after` or either is malformed.
 */
export function orderKeyBetween(before: string | null, after: string | null): string {
  if (before === null && after === null) return integerOrderKey(0);
  if (before === null) {
    const b = parseOrThrow(after as string);
    return b.fraction ? b.head : integerOrderKey(b.integer - 1);
  }
  const a = parseOrThrow(before);
  if (after === null) return integerOrderKey(a.integer + 1);
  if (before >= after) throw new RangeError(`Order key "${before}" is not below "${after}".`);
  const b = parseOrThrow(after);
  if (a.integer === b.integer) return a.head + fractionBetween(a.fraction, b.fraction);
  if (b.integer - a.integer >= 2) return integerOrderKey(a.integer + 1);
  if (b.fraction) return b.head;
  return a.head + fractionBetween(a.fraction, null);
}

/**
 * The shortest fraction strictly between `low` and `high` (`null`: 1). Digit by digit: copy while
 * the two agree; where they differ by two or more, the middle digit ends it; where they differ by
 * one, copy the lower digit and go on with no upper bound. The last digit is a middle one, never 0.
 */
function fractionBetween(low: string, high: string | null): string {
  let out = '';
  let open = high === null;
  for (let i = 0; i <= low.length + (high?.length ?? 0); i++) {
    const l = i < low.length ? digitValue(low[i]) : 0;
    const h = open ? BASE : i < (high as string).length ? digitValue((high as string)[i]) : 0;
    if (h - l >= 2) return out + DIGITS[(l + h) >> 1];
    out += DIGITS[l];
    if (h - l === 1) open = true;
  }
  throw new RangeError(`No order key between fractions "${low}" and "${high}".`);
}

/** `count` ascending keys for a fresh list (`a0`, `a1`, …): short, evenly spaced. */
export function orderKeysFor(count: number): string[] {
  const keys = new Array<string>(count);
  for (let i = 0; i < count; i++) keys[i] = integerOrderKey(i);
  return keys;
}
