import { useAppState } from '@core/react';
import { Link, useRouter } from '@core/react/pages';
import { type FormEvent, useState } from 'react';
import { SignInForm } from './components/SignInForm';
import { SessionState } from './state/account';
import { Lobby } from './state/lobby';

/** The home screen: sign in, then pick a room from the list or open one by name. */
export function App() {
  const name = useAppState(SessionState, (s) => s.name);
  const rooms = useAppState(Lobby, (s) => s.rooms);
  const { navigate } = useRouter();
  const [draft, setDraft] = useState('');
  // The name goes into the URL as typed: the room page's server check says what is wrong with it.
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) void navigate(`/room/${encodeURIComponent(draft.trim())}`);
  };
  return (
    <div className="home">
      <h1>Rooms</h1>
      {!name && (
        <section className="panel">
          <p>Pick a name to chat with. You can read without one.</p>
          <SignInForm />
        </section>
      )}
      <ul className="rooms" data-testid="chat-room-list">
        {rooms.map((room) => (
          <li key={room.name}>
            <Link href={`/room/${room.name}`} data-testid="chat-room-link">
              #{room.name}
            </Link>
            <span className="muted">{room.online === 1 ? '1 person here' : `${room.online} people here`}</span>
          </li>
        ))}
      </ul>
      <form className="open-room" onSubmit={open}>
        <input
          data-testid="chat-new-room"
          aria-label="Room name"
          placeholder="new-room-name"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" data-testid="chat-open-room">
          Open room
        </button>
      </form>
    </div>
  );
}
