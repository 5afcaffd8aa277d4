import type { Patch } from '@core/state/protocol';

type Container = Record<string | number, unknown> | unknown[];

/**
 * Applies an update's patches to an immutable JSON state and returns the new state: every object
 * and array on a changed path is copied once per call, everything else keeps its identity (what
 * React's selectors compare); `state` itself is never changed. Arrays follow immer's patch rules:
 * `add` inserts at its index (`-`: at the end), `remove` takes the element out, `replace` sets it.
 * Throws on a path that does not resolve or names `__proto__`, `constructor` or `prototype`: the
 * caller resyncs from a fresh hydrate.
 */
export function applyJsonPatches<T>(state: T, patches: readonly Patch[]): T {
  if (patches.length === 0) return state;
  const copied = new Set<Container>();
  const writable = (value: unknown, path: readonly unknown[]): Container => {
    if (value === null || typeof value !== 'object') throw new Error(`Patch path /${path.join('/')} does not resolve.`);
    const container = value as Container;
    if (copied.has(container)) return container;
    const copy: Container = Array.isArray(container) ? container.slice() : { ...container };
    copied.add(copy);
    return copy;
  };
  let root: unknown = state;
  for (const patch of patches) {
    const { path, op } = patch;
    if (op === 'collection') throw new Error('A collection patch applies to a window (see stateReplica).');
    if (path.length === 0) {
      if (op !== 'replace') throw new Error(`A "${op}" patch needs a path.`);
      root = patch.value;
      continue;
    }
    root = writable(root, path);
    let parent = root as Container;
    for (let i = 0; i < path.length - 1; i++) {
      const key = keyOf(path[i]);
      const child = writable((parent as Record<string | number, unknown>)[key], path);
      (parent as Record<string | number, unknown>)[key] = child;
      parent = child;
    }
    const key = keyOf(path[path.length - 1]);
    if (Array.isArray(parent)) applyToArray(parent, op, key, patch.value, path);
    else if (op === 'remove') delete parent[key];
    else parent[key] = patch.value;
  }
  return root as T;
}

function applyToArray(
  array: unknown[],
  op: Patch['op'],
  key: string | number,
  value: unknown,
  path: readonly unknown[],
) {
  if (op === 'add' && key === '-') {
    array.push(value);
    return;
  }
  const index = typeof key === 'number' ? key : Number(key);
  if (op === 'replace' && key === 'length') {
    array.length = value as number;
    return;
  }
  const last = op === 'remove' ? array.length - 1 : array.length;
  if (!Number.isInteger(index) || index < 0 || index > last) {
    throw new Error(`Patch path /${path.join('/')} does not resolve.`);
  }
  if (op === 'add') array.splice(index, 0, value);
  else if (op === 'remove') array.splice(index, 1);
  else array[index] = value;
}

function keyOf(segment: string | number): string | number {
  if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') {
    throw new Error(`Patch path segment "${segment}" is not allowed.`);
  }
  return segment;
}
