import { useEffect, useRef, useState } from 'react';

/**
 * Props for a number input bound to a server value: while the input has focus it shows what is
 * typed (and sends each change); otherwise it follows the server.
 */
export function useDraftNumber(serverValue: number, send: (value: number) => void) {
  const [draft, setDraft] = useState(String(serverValue));
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(String(serverValue));
  }, [serverValue]);
  return {
    value: draft,
    onFocus() {
      editing.current = true;
    },
    onBlur() {
      editing.current = false;
      setDraft(String(serverValue));
    },
    onChange(event: { target: { value: string } }) {
      setDraft(event.target.value);
      const value = Number(event.target.value);
      if (Number.isFinite(value)) send(value);
    },
  };
}
