import { AsyncLocalStorage } from 'node:async_hooks';

/** Who holds a token's lock in the current async context, while it holds it. */
export interface LockHold {
  readonly token: string;
  /** The background task whose `modify` holds the lock, if any. */
  readonly owner: object | undefined;
  /** False once the block ended: async work it started and that outlives it holds nothing. */
  active: boolean;
}

/**
 * Tells a `modify` nested inside another (which would wait for itself) from sibling branches of
 * one task calling `modify` at once (which must take turns): only the nested call runs inside the
 * outer block's async context.
 */
export const lockContext = new AsyncLocalStorage<LockHold>();

/** The lock the current async context holds on `token`, if any. */
export function currentHold(token: string): LockHold | undefined {
  const hold = lockContext.getStore();
  return hold?.active && hold.token === token ? hold : undefined;
}

/** Runs `fn` outside any lock's async context (work queued from a `modify` block holds nothing). */
export function outsideLocks(fn: () => void): void {
  if (lockContext.getStore()) lockContext.exit(fn);
  else fn();
}
