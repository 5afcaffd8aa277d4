import type { PublicStateOf } from '@core/state/types';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useCoreClient } from './coreContext.js';

/**
 * Reads a state's public vars and computed vars. With a selector, the component re-renders only
 * when the selected value changes (`isEqual`, default `Object.is`); without one, when any of the
 * state's values changes.
 *
 * @example
 * const counter = useAppState(TaskState, (s) => s.counter);
 */
export function useAppState<TDef extends { readonly name: string }>(definition: TDef): PublicStateOf<TDef>;
export function useAppState<TDef extends { readonly name: string }, TSelected>(
  definition: TDef,
  selector: (state: PublicStateOf<TDef>) => TSelected,
  isEqual?: (a: TSelected, b: TSelected) => boolean,
): TSelected;
export function useAppState(
  definition: { readonly name: string },
  selector: (state: any) => unknown = identity,
  isEqual: (a: any, b: any) => boolean = Object.is,
): unknown {
  const client = useCoreClient();
  const name = definition.name;
  // Memoise on the slice's identity: patches keep unchanged slices, so most updates cost one
  // comparison here, and an equal selection keeps its old identity (no re-render).
  const memo = useRef<{ slice: unknown; selected: unknown } | undefined>(undefined);
  const getSelection = useCallback(() => {
    const slice = client.getState()?.[name];
    if (slice === undefined) {
      throw new Error(`[core/react] The server sent no state "${name}"; is it in createApp({ states })?`);
    }
    const previous = memo.current;
    if (previous && previous.slice === slice) return previous.selected;
    const selected = selector(slice);
    if (previous && isEqual(previous.selected, selected)) {
      memo.current = { slice, selected: previous.selected };
      return previous.selected;
    }
    memo.current = { slice, selected };
    return selected;
  }, [client, name, selector, isEqual]);
  return useSyncExternalStore(client.subscribe, getSelection, getSelection);
}

function identity<T>(value: T): T {
  return value;
}
