import { type Collection, collection, defineState } from '@core/state';
import { Lobby, setOnline } from './lobby';
import type { Message } from './message';

/**
 * One per room (`/room/<name>`): its history, shared by every tab that joined it. The history is a
 * collection: a page's first paint carries the newest 50 messages, older ones load on demand, and
 * a new message costs the same in a room of ten messages or a million.
 */
export const ChatRoom = defineState('chatRoom', {
  scope: 'room',
  vars: {
    messages: collection<Message, string>({ key: 'id', window: 50, from: 'end' }),
    /** The number of the next message's id (a backend var: never sent to pages). */
    _next: 1,
  },
  /** Keeps the home page's room list in step with who is here (the room's lock, then the app's). */
  async onPresence(_s, { kind, count }, ctx) {
    const name = ctx.room(ChatRoom);
    if (kind === 'update' || !name) return; // typing changes nobody's count
    setOnline(await ctx.get(Lobby), name, count);
  },
});

/** Appends a message at the end of a room's history (the one place ids are made). */
export function appendMessage(
  room: { messages: Collection<Message, string>; _next: number },
  author: string,
  text: string,
) {
  room.messages.insert({ id: `m${room._next}`, author, text }, 'end');
  room._next += 1;
}
