import { useCollection } from '@core/react/collection';
import { memo, useLayoutEffect, useRef } from 'react';
import { ChatRoom } from '../state/chatRoom';
import type { Message } from '../state/message';

/**
 * The room's history: the newest messages (the collection's window), older ones on demand. It
 * follows new messages while it is scrolled to the bottom, and stays put while you read above.
 */
export function MessageList({ me }: { me: string }) {
  const history = useCollection(ChatRoom, 'messages');
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const newest = history.items.at(-1)?.id;
  useLayoutEffect(() => {
    const el = box.current;
    if (el && newest && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [newest]);
  const onScroll = () => {
    const el = box.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  return (
    <div className="messages" ref={box} onScroll={onScroll} data-testid="chat-messages">
      {history.hasOlder && (
        <button
          type="button"
          className="load-older"
          data-testid="chat-load-older"
          disabled={history.loading}
          onClick={() => void history.loadOlder()}
        >
          {history.loading ? 'Loading…' : `Load older messages (${history.total - history.items.length} more)`}
        </button>
      )}
      {history.total === 0 && <p className="empty">No messages yet: say hello.</p>}
      <ol>
        {history.items.map((message) => (
          <MessageRow key={message.id} message={message} mine={message.author === me} />
        ))}
      </ol>
    </div>
  );
}

/** One message: re-renders only when it changes (an item keeps its identity otherwise). */
const MessageRow = memo(function MessageRow({ message, mine }: { message: Message; mine: boolean }) {
  return (
    <li className={mine ? 'message mine' : 'message'} data-testid="chat-message">
      <span className="author" data-testid="chat-message-author">
        {message.author}
      </span>
      <span className="text" data-testid="chat-message-text">
        {message.text}
      </span>
    </li>
  );
});
