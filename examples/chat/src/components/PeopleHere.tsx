import { usePresence } from '@core/react';
import { ChatRoom } from '../state/chatRoom';

/** Who is in the room now: one entry per open page, with its signed-in name (live, on every process). */
export function PeopleHere() {
  const people = usePresence(ChatRoom);
  return (
    <aside className="people">
      <h2>
        Here now <span className="count">{people.length}</span>
      </h2>
      <ul data-testid="chat-people">
        {people.map((person) => (
          <li key={person.id} data-testid="chat-person" className={person.self ? 'self' : undefined}>
            <span className="dot" aria-hidden="true" />
            {String(person.meta.name)}
            {person.self && <span className="muted"> (you)</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
