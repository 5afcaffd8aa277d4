import type { EventSpec, StateOf } from '@core/state';
import type { PublicStateOf } from '@core/state/types';
import { useCallback, useEffect, useRef } from 'react';
import { useCoreClient } from './coreContext.js';
import type { EventTiming, EventTimingOptions } from './eventTiming.js';
import type { OptimisticUpdate } from './optimisticLayers.js';
import { loadLayers } from './optimisticView.js';

/** An event creator as a page uses it: `TheState.handler`. */
export type AnyEventCreator = (...args: any[]) => EventSpec<unknown>;

/** The public values of the state an event creator belongs to (`any` when its type does not say). */
export type StateOfCreator<TCreator> = [StateOf<TCreator>] extends [never] ? any : PublicStateOf<TCreator>;

/** What a handler fired by a DOM event listener gets first; `useEvent` takes it out of the payload. */
export interface DomEventLike {
  preventDefault(): void;
  stopPropagation(): void;
}

/** Options of {@link useEvent}; timing options (`debounce`, `throttle`) are in {@link EventTimingOptions}. */
export interface UseEventOptions<TCreator extends AnyEventCreator = AnyEventCreator> extends EventTimingOptions {
  /**
   * Drop the event when the page is not connected, instead of queuing it until it reconnects
   * (Reflex's `temporal`): for events that only make sense now, such as a mouse position.
   * @default false
   */
  temporal?: boolean;
  /** Call `preventDefault()` on the DOM event the function is given first (a form's submit, a link). @default false */
  preventDefault?: boolean;
  /** Call `stopPropagation()` on the DOM event the function is given first. @default false */
  stopPropagation?: boolean;
  /**
   * Changes the page's copy of the event's state at once, as the handler is expected to change
   * the server's. When the server's update for this event arrives the change is dropped and the
   * server's state stands (with other updates that arrived meanwhile under it, in order); when the
   * event fails it is rolled back and the promise rejects. Several events in flight compose.
   *
   * @example
   * const add = useEvent(TodoState.add, { optimistic: (draft, text) => { draft.items.push(text); } });
   */
  optimistic?: OptimisticUpdate<StateOfCreator<TCreator>, Parameters<TCreator>[0]>;
}

/**
 * The function {@link useEvent} returns: called with the handler's payload, or with a DOM event
 * first (`onClick={fire}`), which is never sent.
 */
export type FireEvent<TArgs extends unknown[]> = (
  ...args: TArgs | [event: DomEventLike, ...rest: TArgs]
) => Promise<void>;

/**
 * A function that fires a handler on the server, typed by the handler's payload. Its promise
 * resolves when the handler has finished and rejects with an `EventError` when it failed. The
 * function keeps its identity across renders; options may change between renders.
 *
 * @example
 * const setMax = useEvent(TaskState.setMax);
 * <input onChange={(e) => setMax(Number(e.target.value))} />
 * const save = useEvent(NoteState.save, { debounce: 300 });
 * const like = useEvent(FeedState.like, { throttle: 1_000, temporal: true });
 */
export function useEvent<TCreator extends AnyEventCreator>(
  creator: TCreator,
  options?: UseEventOptions<TCreator>,
): FireEvent<Parameters<TCreator>> {
  const client = useCoreClient();
  const latest = useRef({ creator, options });
  latest.current = { creator, options };
  // Debounce and throttle load with the first component that uses them.
  const timing = useRef<Promise<EventTiming<unknown[]>> | undefined>(undefined);
  const timed = options?.debounce !== undefined || options?.throttle !== undefined;
  const send = useCallback(
    (payload: unknown[]): Promise<void> => {
      const { creator: current, options: now = {} } = latest.current;
      if (now.temporal && client.getStatus() !== 'connected') return Promise.resolve();
      return client.dispatch(current(...payload), now.optimistic);
    },
    [client],
  );
  const loadTiming = useCallback(
    () => (timing.current ??= import('./eventTiming.js').then(({ EventTiming }) => new EventTiming(send))),
    [send],
  );
  const optimistic = options?.optimistic !== undefined;
  useEffect(() => {
    if (timed) void loadTiming();
    if (optimistic) void loadLayers();
  }, [timed, optimistic, loadTiming]);
  // A call still waiting for its debounce is sent when the component goes: typed text is not lost.
  useEffect(() => () => void timing.current?.then((waiting) => waiting.flush()), []);
  return useCallback(
    (...args: unknown[]) => {
      const { options = {} } = latest.current;
      if (isDomEvent(args[0])) {
        if (options.preventDefault) args[0].preventDefault();
        if (options.stopPropagation) args[0].stopPropagation();
        args = args.slice(1);
      }
      if (options.debounce === undefined && options.throttle === undefined) return send(args);
      return loadTiming().then((waiting) => waiting.call(args, options));
    },
    [send, loadTiming],
  ) as FireEvent<Parameters<TCreator>>;
}

/** A DOM or React event: JSON payloads never have methods. */
export function isDomEvent(value: unknown): value is DomEventLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DomEventLike).preventDefault === 'function' &&
    typeof (value as DomEventLike).stopPropagation === 'function'
  );
}
