import { defineState, FieldError } from '@core/state';
import { SessionState } from './account';
import { appendMessage, ChatRoom } from './chatRoom';
import { MAX_MESSAGE } from './message';
import { roomNameProblem } from './roomName';

/** This tab's side of the chat: which room it shows, why it could not open one, and sending. */
export const ChatTab = defineState('chatTab', {
  vars: { room: '', error: '' },
  events: {
    /** On-load event of `/room/[room]`: joins the room the URL names, once the server has checked the name. */
    enter(s, _: void, ctx) {
      const name = ctx.router.params.room;
      const problem = roomNameProblem(name);
      if (problem) {
        ctx.leave(ChatRoom);
        s.room = '';
        s.error = problem;
        return;
      }
      ctx.join(ChatRoom, name as string);
      s.room = name as string;
      s.error = '';
    },
    /** On-load event of the home page: out of any room, so its people list drops this page. */
    leave(s, _: void, ctx) {
      ctx.leave(ChatRoom);
      s.room = '';
      s.error = '';
    },
    /**
     * The composer's handler (`useForm`). Locks in the usual order — this tab, its session, its
     * room — so the author is the session's signed-in name, never a name the page sends.
     */
    async send(_s, fields: { text: string }, ctx) {
      const text = String(fields?.text ?? '').trim();
      if (!text) throw new FieldError({ text: 'Write something first.' });
      if (text.length > MAX_MESSAGE) throw new FieldError({ text: `Keep it under ${MAX_MESSAGE} characters.` });
      const { name } = await ctx.get(SessionState);
      if (!name) throw new FieldError({ text: 'Sign in to write.' });
      if (!ctx.room(ChatRoom)) throw new FieldError({ text: 'Open a room first.' });
      appendMessage(await ctx.get(ChatRoom), name, text);
    },
  },
});
