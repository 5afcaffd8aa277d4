import type { EventSpec } from '@core/state';
import { useCallback } from 'react';
import { useCoreClient } from './coreContext.js';

/**
 * A function that fires a handler on the server, typed by the handler's payload. Its promise
 * resolves when the handler has finished and rejects with an `EventError` when it failed.
 *
 * @example
 * const setMax = useEvent(TaskState.setMax);
 * <input onChange={(e) => setMax(Number(e.target.value))} />
 */
export function useEvent<TArgs extends unknown[]>(
  creator: (...args: TArgs) => EventSpec<unknown>,
): (...args: TArgs) => Promise<void> {
  const client = useCoreClient();
  return useCallback((...args: TArgs) => client.dispatch(creator(...args)), [client, creator]);
}
