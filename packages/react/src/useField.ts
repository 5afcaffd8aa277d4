import type { PublicStateOf } from '@core/state/types';
import { type ChangeEvent, useCallback, useRef, useState } from 'react';
import { useAppState } from './useAppState.js';
import { type AnyEventCreator, type UseEventOptions, useEvent } from './useEvent.js';

/** Options of {@link useField}: the setter's timing (`debounce`, `throttle`, `temporal`) and how the field follows the server. */
export interface UseFieldOptions extends Pick<UseEventOptions, 'debounce' | 'throttle' | 'temporal'> {
  /**
   * Show a change made elsewhere (another tab, a task) at once, even while the field is being
   * edited, when none of this field's own sends is in flight. By default such a change shows when
   * the field is left.
   * @default false
   */
  live?: boolean;
  /**
   * Turns the text typed into the value sent; `undefined` sends nothing (the field keeps the text).
   * The default follows the var: a number var takes a finite number, a string var the text.
   */
  parse?: (text: string) => unknown;
}

/** Props of an `<input>`, `<textarea>` or `<select>` bound by {@link useField}; spread them on the element. */
export interface BoundFieldProps {
  /** The var's name, so the field also counts in a form. */
  name: string;
  /** The text shown (text, number, select and textarea fields). */
  value?: string;
  /** Whether the box is ticked (a boolean var: a checkbox). */
  checked?: boolean;
  onChange(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>): void;
  onFocus(): void;
  onBlur(): void;
  /** True while a value sent from this field waits for the server. */
  'aria-busy': boolean;
}

type FieldValue = string | number | boolean;

/**
 * Binds an input to a var through the handler that sets it. What the user types is shown as typed
 * and never overwritten by the server's echo of an earlier keystroke: while the field has focus,
 * or any of its sends is in flight (or waits for its debounce), it shows its own text, as Phoenix
 * LiveView does with the inputs it has sent; a change made elsewhere shows once the field is left
 * (at once with `live`). Strings, numbers (sent when the text is a finite number) and booleans
 * (checkboxes) work; for a `<select>` or `<textarea>` spread the same props.
 *
 * @example
 * const query = useField(SearchState, 'query', SearchState.setQuery, { debounce: 150 });
 * <input {...query} />
 * <input type="checkbox" {...useField(TodoState, 'showDone', TodoState.setShowDone)} />
 */
export function useField<TDef extends { readonly name: string }, TKey extends keyof PublicStateOf<TDef> & string>(
  definition: TDef,
  key: TKey,
  setter: AnyEventCreator & ((value: PublicStateOf<TDef>[TKey]) => unknown),
  options: UseFieldOptions = {},
): BoundFieldProps {
  const server = useAppState(definition, (state) => (state as Record<string, FieldValue>)[key]);
  // A field's last keystroke must reach the server: its throttle keeps the trailing edge.
  const { throttle } = options;
  const send = useEvent(setter, {
    ...options,
    throttle: typeof throttle === 'number' ? { wait: throttle, trailing: true } : throttle,
  });
  const [draft, setDraft] = useState<FieldValue>(server);
  const editing = useRef(false);
  const inFlight = useRef(0);
  const [, rerender] = useState(0);
  // An echo may be of an earlier keystroke while a send is in flight; while the field is edited,
  // what the user sees is theirs unless `live` asks for the server's.
  const shown = inFlight.current > 0 || (editing.current && !options.live) ? draft : server;

  const onChange = useCallback(
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      const target = event.target as HTMLInputElement;
      const next: FieldValue = typeof server === 'boolean' ? target.checked : target.value;
      setDraft(next);
      const value = typeof next === 'boolean' ? next : (options.parse ?? defaultParse(server))(next);
      if (value === undefined) return;
      inFlight.current += 1;
      const done = () => {
        inFlight.current -= 1;
        if (inFlight.current === 0) rerender((n) => n + 1);
      };
      send(value as never).then(done, done);
    },
    [server, send, options.parse],
  );
  return {
    name: key,
    ...(typeof server === 'boolean' ? { checked: Boolean(shown) } : { value: String(shown ?? '') }),
    onChange,
    onFocus: () => {
      // Editing starts from what is shown, which may be the server's newer value.
      if (!editing.current && inFlight.current === 0) setDraft(server);
      editing.current = typeof server !== 'boolean';
    },
    onBlur: () => {
      editing.current = false;
      rerender((n) => n + 1);
    },
    'aria-busy': inFlight.current > 0,
  };
}

function defaultParse(server: FieldValue): (text: string) => unknown {
  if (typeof server !== 'number') return (text) => text;
  return (text) => {
    const value = Number(text);
    return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
  };
}
