import { usePresence } from '@core/react';
import { ChatRoom } from '../state/chatRoom';

/** "Ada is typing…": the other pages whose presence says `typing` (the composer sets it). */
export function TypingLine() {
  const typing = usePresence(ChatRoom)
    .filter((person) => person.meta.typing === true && !person.self)
    .map((person) => String(person.meta.name));
  const names = [...new Set(typing)];
  return (
    <p className="typing" data-testid="chat-typing" aria-live="polite">
      {names.length === 1 && `${names[0]} is typing…`}
      {names.length > 1 && `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`}
    </p>
  );
}
