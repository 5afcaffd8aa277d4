/** What a generator handler, task or block returns: an iterator, sync or async. */
export type HandlerIterator = Iterator<unknown, unknown, unknown> | AsyncIterator<unknown, unknown, unknown>;

/** True for a generator object (sync or async): each step is awaited and each yield committed. */
export function isGenerator(value: unknown): value is HandlerIterator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HandlerIterator).next === 'function' &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

/** True for a promise or any other thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * Calls `next` with `value` at once when it is not a promise, else once it resolves: how the
 * runner stays synchronous on the fast path (a free lock, a synchronous handler, a store in this
 * process) and pays a promise only where something is actually awaited.
 */
export function andThen<T, R>(value: T | PromiseLike<T>, next: (value: T) => R | PromiseLike<R>): R | Promise<R> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : (next(value as T) as R | Promise<R>);
}

/** Runs `run` on each item in order, synchronously until one returns a promise, then after it. */
export function inSequence<T>(
  items: readonly T[],
  run: (item: T) => void | PromiseLike<void>,
  from = 0,
): void | Promise<void> {
  for (let i = from; i < items.length; i++) {
    const done = run(items[i]);
    if (isPromiseLike(done)) return Promise.resolve(done).then(() => inSequence(items, run, i + 1));
  }
}
