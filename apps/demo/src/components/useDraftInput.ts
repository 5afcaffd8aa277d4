import { useEffect, useRef, useState } from 'react';

/**
 * A text input mirroring a server value without fighting the user: while focused it shows what
 * is typed (each change is sent), otherwise it follows the server.
 */
export function useDraftInput(serverValue: number, send: (value: number) => void) {
  const [text, setText] = useState(String(serverValue));
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(String(serverValue));
  }, [serverValue]);
  return {
    value: text,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => {
      focused.current = false;
      setText(String(serverValue));
    },
    onChange: (event: { target: { value: string } }) => {
      setText(event.target.value);
      const parsed = Number(event.target.value);
      send(Number.isFinite(parsed) ? parsed : 0);
    },
  };
}
