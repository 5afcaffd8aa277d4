import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '@core/server';
import { createApp } from '@core/state';
import { BackgroundTaskState, OtherState } from './state/backgroundTaskState';
import { ClientState } from './state/clientState';
import { ErrorState } from './state/errorState';
import { FeedState, seedFeed } from './state/feedState';
import { ClickState, SearchState, SignUpState, TodoState } from './state/formsState';
import { LargeState } from './state/largeState';
import { LowLevelState } from './state/lowLevelState';
import { RoomMembership, RoomState } from './state/roomState';
import { AccountState, clockTask, SessionState, SharedState } from './state/sharedState';
import { TaskState } from './state/taskState';
import { UserState } from './state/userState';

export const app = createApp({
  states: [
    TaskState,
    LowLevelState,
    BackgroundTaskState,
    OtherState,
    ErrorState,
    UserState,
    SharedState,
    SessionState,
    AccountState,
    RoomState,
    RoomMembership,
    ClientState,
    LargeState,
    FeedState,
    SignUpState,
    SearchState,
    TodoState,
    ClickState,
  ],
  tasks: [clockTask],
  // Before the server accepts a connection: the feed's 100,000 posts, stored once.
  onStart: seedFeed,
  // Each page's presence shows its session's signed-in name: derived here, a page cannot claim another.
  presenceMeta: ({ state }) => ({ name: (state.session?.name as string | undefined) || 'guest' }),
  router: true,
  // How long a tab's tasks outlive its last page (the e2e specs shorten it).
  taskGracePeriod: Number(process.env.DEMO_TASK_GRACE_PERIOD ?? 60_000),
  // Errors of the page reach the server (which logs them); the demo also shows them in the page.
  onClientError(report, { token, app }) {
    return app.dispatch(token, ErrorState._reported(`${report.kind}: ${report.message}`));
  },
});

/** HTTP routes of the demo, served beside the page (the low-level task fetches from here). */
export const middlewares = [
  (req: { url?: string }, res: { setHeader(n: string, v: string): void; end(b: string): void }, next: () => void) => {
    if (req.url !== '/api/data') return next();
    setTimeout(() => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ rows: ['alpha', 'beta', 'gamma'] }));
    }, 300);
  },
  /** Who the server thinks the client is (X-Forwarded-For behind CORE_TRUST_PROXY proxies) and which process answered. */
  (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.url !== '/api/client') return next();
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ address: clientAddress(req.socket.remoteAddress, req.headers), pid: process.pid }));
  },
];
