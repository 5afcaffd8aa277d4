/** A JSON object or array that a draft can stand in for. */
type Container = Record<PropertyKey, unknown> | unknown[];

/** What the proxy of one object or array of the base keeps. */
interface DraftNode {
  readonly base: Container;
  /** The shallow copy writes go to; made on the first write (or child draft) below this node. */
  copy: Container | undefined;
  /** True once this node or something below it was written. */
  modified: boolean;
  readonly parent: DraftNode | undefined;
  /** The value {@link finish} gave, kept so a draft reachable twice finishes once. */
  finished?: unknown;
  revoke(): void;
}

const NODE: unique symbol = Symbol('core.draftNode') as never;

/**
 * Runs `recipe` on a draft of `base` and returns the changed copy: objects and arrays on a written
 * path are copied once, everything else keeps its identity (what React's selectors compare), and
 * `base` itself is never changed. The page's small stand-in for immer's `produce`, for JSON values
 * (plain objects and arrays); the draft is revoked when `recipe` returns.
 */
export function copyOnWrite<T>(base: T, recipe: (draft: T) => void): T {
  if (!isContainer(base)) throw new Error('[core/react] An optimistic update needs an object or array to change.');
  const nodes: DraftNode[] = [];
  const root = createDraft(base, undefined, nodes);
  try {
    recipe(root as T);
    return finish(root) as T;
  } finally {
    for (const node of nodes) node.revoke();
  }
}

function createDraft(base: Container, parent: DraftNode | undefined, nodes: DraftNode[]): Container {
  const { proxy, revoke } = Proxy.revocable(Array.isArray(base) ? [] : {}, {
    get(_target, key) {
      if (key === NODE) return node;
      const source = node.copy ?? node.base;
      const value = Reflect.get(source, key);
      if (!Object.hasOwn(source, key) || !isContainer(value) || nodeOf(value)) return value;
      // A child object is drafted where it sits, so later writes through it reach this copy.
      const child = createDraft(value, node, nodes);
      writable(node)[key as never] = child as never;
      return child;
    },
    set(_target, key, value) {
      const source = node.copy ?? node.base;
      if (Object.hasOwn(source, key) && Reflect.get(source, key) === value) return true;
      Reflect.set(writable(node), key, value);
      markModified(node);
      return true;
    },
    deleteProperty(_target, key) {
      if (!Object.hasOwn(node.copy ?? node.base, key)) return true;
      Reflect.deleteProperty(writable(node), key);
      markModified(node);
      return true;
    },
    has: (_target, key) => Reflect.has(node.copy ?? node.base, key),
    ownKeys: (_target) => Reflect.ownKeys(node.copy ?? node.base),
    getOwnPropertyDescriptor(_target, key) {
      const source = node.copy ?? node.base;
      const descriptor = Reflect.getOwnPropertyDescriptor(source, key);
      // The proxy's target is an empty stand-in: a key it lacks must be reported configurable.
      if (descriptor && !(Array.isArray(source) && key === 'length')) descriptor.configurable = true;
      if (descriptor && 'value' in descriptor) descriptor.value = (proxy as Record<PropertyKey, unknown>)[key];
      return descriptor;
    },
    defineProperty(_target, key, descriptor) {
      Reflect.defineProperty(writable(node), key, descriptor);
      markModified(node);
      return true;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(base),
    setPrototypeOf: () => false,
  });
  const node: DraftNode = { base, copy: undefined, modified: false, parent, revoke };
  nodes.push(node);
  return proxy;
}

function writable(node: DraftNode): Container {
  node.copy ??= Array.isArray(node.base) ? node.base.slice() : { ...node.base };
  return node.copy;
}

function markModified(node: DraftNode | undefined): void {
  for (let current = node; current && !current.modified; current = current.parent) current.modified = true;
}

function nodeOf(value: unknown): DraftNode | undefined {
  return isContainer(value) ? ((value as Record<symbol, unknown>)[NODE] as DraftNode | undefined) : undefined;
}

/** The plain value a draft stands for now: its base when nothing below it was written. */
function finish(value: unknown): unknown {
  const node = nodeOf(value);
  if (!node) return finishNew(value);
  if (!node.modified) return node.base;
  if ('finished' in node) return node.finished;
  const result = node.copy as Container;
  node.finished = result;
  for (const key of Object.keys(result)) {
    const item = (result as Record<string, unknown>)[key];
    if (isContainer(item)) (result as Record<string, unknown>)[key] = finish(item);
  }
  return result;
}

/** A value the recipe assigned: plain data, which may hold drafts (`draft.a = { b: draft.c }`). */
function finishNew(value: unknown): unknown {
  if (!isContainer(value)) return value;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (isContainer(item)) (value as Record<string, unknown>)[key] = finish(item);
  }
  return value;
}

function isContainer(value: unknown): value is Container {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
