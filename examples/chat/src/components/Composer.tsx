import { usePresence } from '@core/react';
import { Form, useForm } from '@core/react/forms';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { ChatRoom } from '../state/chatRoom';
import { ChatTab } from '../state/chatTab';
import { MAX_MESSAGE } from '../state/message';

/** How long after the last keystroke "typing" ends. */
const TYPING_IDLE_MS = 3_000;

/**
 * Writes to the room. While there is text and a key was pressed in the last three seconds, this
 * page's presence entry says `typing: true`; sending (or going idle) clears it.
 */
export function Composer() {
  const [typing, setTyping] = useState(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);
  usePresence(ChatRoom, { typing }); // sent to the server only when it changes
  const stopTyping = () => {
    clearTimeout(idle.current);
    setTyping(false);
  };
  const send = useForm(ChatTab.send, { onSuccess: stopTyping });
  useEffect(() => () => clearTimeout(idle.current), []);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    clearTimeout(idle.current);
    const hasText = event.currentTarget.value.trim() !== '';
    setTyping(hasText);
    if (hasText) idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
  };

  return (
    <Form form={send} className="composer" noValidate>
      <input
        data-testid="chat-message-input"
        aria-label="Message"
        placeholder="Write a message"
        autoComplete="off"
        maxLength={MAX_MESSAGE}
        onChange={onChange}
        {...send.field('text')}
      />
      <button type="submit" data-testid="chat-send" disabled={send.pending}>
        Send
      </button>
      {send.errors.text && (
        <span className="field-error" data-testid="chat-send-error">
          {send.errors.text}
        </span>
      )}
    </Form>
  );
}
