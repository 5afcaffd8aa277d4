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
