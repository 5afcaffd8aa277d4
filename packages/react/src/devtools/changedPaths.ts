/** Paths are at most this deep; a change below is reported at this depth. */
const MAX_DEPTH = 6;

/**
 * The paths (`state.var`, `state.list.3.done`) whose value differs between two state trees:
 * every changed leaf and each of its ancestors, so a collapsed parent can show the change too.
 */
export function changedPaths(before: unknown, after: unknown): Set<string> {
  const changed = new Set<string>();
  compare(before, after, '', 0, changed);
  return changed;
}

function compare(before: unknown, after: unknown, path: string, depth: number, changed: Set<string>): boolean {
  if (Object.is(before, after)) return false;
  const objects = isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after);
  if (!objects || depth >= MAX_DEPTH) {
    if (!objects || JSON.stringify(before) !== JSON.stringify(after)) {
      if (path) changed.add(path);
      return true;
    }
    return false;
  }
  let any = false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const child = path ? `${path}.${key}` : key;
    if (compare(before[key], after[key], child, depth + 1, changed)) any = true;
  }
  if (any && path) changed.add(path);
  return any;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
