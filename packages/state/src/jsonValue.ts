/**
 * Why `value` is not JSON data, or undefined when it is: `null`, booleans, finite numbers,
 * strings, arrays and plain objects of those, without cycles. What a state holds must survive
 * `JSON.stringify` unchanged (socket.io, Redis), so a `BigInt` from a database driver, a `Date`, a
 * `Map`, `undefined` or a cycle is refused where it enters the state instead of failing later, far
 * from its cause. `path` names the value in the answer (`"rows.3.id"`).
 */
export function describeNonJson(value: unknown, path: string): string | undefined {
  return walk(value, path, undefined);
}

function walk(value: unknown, path: string, parents: unknown[] | undefined): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `"${path}" is ${value}`;
    case 'object': {
      if (value === null) return undefined;
      const isArray = Array.isArray(value);
      if (!isArray) {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          return `"${path}" is a ${proto?.constructor?.name ?? 'null-prototype'} object`;
        }
      }
      if (parents?.includes(value)) return `"${path}" refers back to itself (a cycle)`;
      const chain = parents ?? [];
      chain.push(value);
      let problem: string | undefined;
      if (isArray) {
        for (let i = 0; i < value.length && !problem; i++) problem = walk(value[i], `${path}.${i}`, chain);
      } else {
        for (const key in value) {
          problem = walk((value as Record<string, unknown>)[key], `${path}.${key}`, chain);
          if (problem) break;
        }
      }
      chain.pop();
      return problem;
    }
    case 'bigint':
      return `"${path}" is a BigInt (${value}n); store it as a string or a number`;
    default:
      return `"${path}" is ${value === undefined ? 'undefined (use null)' : `a ${typeof value}`}`;
  }
}
