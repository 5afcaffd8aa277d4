/**
 * Why `value` is not JSON data, or undefined when it is: `null`, booleans, finite numbers,
 * strings, arrays and plain objects of those, without cycles. What a state holds must survive
 * `JSON.stringify` unchanged (socket.io, Redis), so a `BigInt` from a database driver, a `Date`, a
 * `Map`, `undefined` or a cycle is refused where it enters the state instead of failing later, far
 * from its cause. `path` names the value in the answer (`"rows.3.id"`); the walk allocates nothing
 * unless it finds a problem.
 */
export function describeNonJson(value: unknown, path: readonly (string | number)[] | string): string | undefined {
  const segments = typeof path === 'string' ? [path] : [...path];
  const problem = walk(value, segments, []);
  return problem && `"${segments.join('.')}" ${problem}`;
}

/** Returns the problem, leaving `path` at the offending value; `parents` holds the open objects. */
function walk(value: unknown, path: (string | number)[], parents: unknown[]): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `is ${value}`;
    case 'object': {
      if (value === null) return undefined;
      const isArray = Array.isArray(value);
      if (!isArray) {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          return `is a ${proto?.constructor?.name ?? 'class'} object`;
        }
      }
      if (parents.includes(value)) return 'refers back to itself (a cycle)';
      parents.push(value);
      if (isArray) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          const problem = walk(value[i], path, parents);
          if (problem) return problem;
          path.pop();
        }
      } else {
        for (const key in value) {
          path.push(key);
          const problem = walk((value as Record<string, unknown>)[key], path, parents);
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
