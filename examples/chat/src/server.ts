import { createApp } from '@core/state';
import { seedRoute } from './seedRoute';
import { AccountState, SessionState } from './state/account';
import { ChatRoom } from './state/chatRoom';
import { ChatTab } from './state/chatTab';
import { Lobby } from './state/lobby';

/** The app `core dev` and `core start` serve: every state the pages use. */
export const app = createApp({
  states: [SessionState, AccountState, Lobby, ChatRoom, ChatTab],
  // Each page's presence entry carries its session's signed-in name: derived here, on the server,
  // so a page cannot claim another. The page adds `typing` itself (usePresence's second argument).
  presenceMeta: ({ state }) => ({ name: (state.session?.name as string | undefined) || 'guest' }),
  router: true,
});

/** HTTP routes beside the pages: a seeding route for the browser tests, only when asked for. */
export const middlewares = process.env.CHAT_TEST_ROUTES === '1' ? [seedRoute(app)] : [];
