/**
 * Numbers JSON cannot carry — `NaN`, `Infinity`, `-Infinity` — travel as these strings (a NUL
 * first, so no ordinary text looks like them; the runtime refuses state strings equal to them). A
 * message or a stored document that holds any says so (`floats: true`), and only those are walked.
 */
const NAMES = ['\u0000NaN', '\u0000Infinity', '\u0000-Infinity'] as const;
const VALUES: readonly number[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** The string a special float travels as; undefined for any other value. */
function nameOf(value: number): string | undefined {
  if (Number.isNaN(value)) return NAMES[0];
  if (value === Number.POSITIVE_INFINITY) return NAMES[1];
  if (value === Number.NEGATIVE_INFINITY) return NAMES[2];
  return undefined;
}

/** True for a string that stands for a special float (reserved: no state holds it as text). */
export function isFloatName(value: string): boolean {
  return value.charCodeAt(0) === 0 && (NAMES as readonly string[]).includes(value);
}

/** A `JSON.stringify` replacer that writes `NaN`, `Infinity` and `-Infinity` as their strings. */
export function floatReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? (nameOf(value) ?? value) : value;
}

/**
 * Puts the special floats back into parsed JSON, in place (the value was just parsed and belongs
 * to the caller); returns it, or the float itself when `value` is one's string.
 */
export function reviveFloats<T>(value: T): T {
  if (typeof value === 'string') return (isFloatName(value) ? VALUES[NAMES.indexOf(value as never)] : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveFloats(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = reviveFloats(record[key]);
  }
  return value;
}
