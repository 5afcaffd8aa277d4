import { isFloatName } from './client/index.js';

/**
 * Marks a class whose instances the runtime carries itself although they are not plain data (a
 * collection: stored by its own rules, sent as its window). Set on the class's prototype.
 */
export const STATE_DATA: unique symbol = Symbol.for('core.stateData') as never;

/** What a walk of a value noticed besides a problem: whether it holds `NaN`, `Infinity` or `-Infinity`. */
export interface JsonWalk {
  floats: boolean;
}

/**
 * Why `value` is not state data, or undefined when it is: `null`, booleans, numbers (`NaN` and
 * the infinities included: they travel as reserved strings, see `floatReplacer`), strings other
 * than those reserved ones, arrays and plain objects of those, without cycles. What a state holds
 * must survive the wire and the store, so a `BigInt` from a database driver, a `Date`, a `Map`,
 * `undefined` or a cycle is refused where it enters the state instead of failing later, far from
 * its cause. `path` names the value in the answer (`"rows.3.id" is a BigInt …`); `walk.floats`
 * is set when a special float was seen. The walk allocates nothing unless it finds a problem.
 */
export function describeNonJson(
  value: unknown,
  path: readonly (string | number)[] | string,
  seen?: JsonWalk,
): string | undefined {
  const segments = typeof path === 'string' ? [path] : [...path];
  const problem = walk(value, segments, [], seen);
  return problem && `"${segments.join('.')}" ${problem}`;
}

/** Returns the problem, leaving `path` at the offending value; `parents` holds the open objects. */
function walk(
  value: unknown,
  path: (string | number)[],
  parents: unknown[],
  seen: JsonWalk | undefined,
): string | undefined {
  switch (typeof value) {
    case 'string':
      return isFloatName(value) ? 'is a reserved string (it stands for a special float on the wire)' : undefined;
    case 'boolean':
      return undefined;
    case 'number':
      if (!Number.isFinite(value) && seen) seen.floats = true;
      return undefined;
    case 'object': {
      if (value === null) return undefined;
      const isArray = Array.isArray(value);
      if (!isArray) {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          if ((value as { [STATE_DATA]?: boolean })[STATE_DATA] === true) return undefined;
          return `is a ${proto?.constructor?.name ?? 'class'} object`;
        }
      }
      if (parents.includes(value)) return 'refers back to itself (a cycle)';
      parents.push(value);
      if (isArray) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          const problem = walk(value[i], path, parents, seen);
          if (problem) return problem;
          path.pop();
        }
      } else {
        for (const key in value) {
          path.push(key);
          const problem = walk((value as Record<string, unknown>)[key], path, parents, seen);
          if (problem) return problem;
          path.pop();
        }
      }
      parents.pop();
      return undefined;
    }
    case 'bigint':
      return `is a BigInt (${value}n); store it as a string or a number`;
    default:
      return value === undefined ? 'is undefined (use null)' : `is a ${typeof value}`;
  }
}
