import { useAppState } from '@core/react';
import { type HeadArgs, Link, useRouter } from '@core/react/pages';
import { Composer } from '../../components/Composer';
import { MessageList } from '../../components/MessageList';
import { PeopleHere } from '../../components/PeopleHere';
import { SignInForm } from '../../components/SignInForm';
import { TypingLine } from '../../components/TypingLine';
import { SessionState } from '../../state/account';
import { ChatTab } from '../../state/chatTab';

/** Joins the room the URL names, on the server, before the first paint (or says why it cannot). */
export const onLoad = [ChatTab.enter()];

export const head = ({ params }: HeadArgs<'/room/:room'>) => ({ title: `#${params.room} · core chat` });

/** `/room/<name>`: the room's messages, who is here, who is typing, and the composer. */
export default function RoomPage() {
  const { room, error } = useAppState(ChatTab);
  const name = useAppState(SessionState, (s) => s.name);
  const { loading } = useRouter();
  if (loading) return <p className="muted">Joining…</p>;
  if (error) {
    return (
      <section className="panel error" role="alert" data-testid="chat-room-error">
        <h1>This room cannot be opened</h1>
        <p>{error}</p>
        <Link href="/">Back to the rooms</Link>
      </section>
    );
  }
  return (
    <div className="room">
      <section className="conversation">
        <h1 data-testid="chat-room-name">#{room}</h1>
        <MessageList me={name} />
        <TypingLine />
        {name ? <Composer /> : <SignInForm />}
      </section>
      <PeopleHere />
    </div>
  );
}
