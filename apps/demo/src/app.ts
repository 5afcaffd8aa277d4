import { createApp } from '@core/state';
import { BackgroundTaskState, OtherState } from './state/backgroundTaskState';
import { ErrorState } from './state/errorState';
import { LowLevelState } from './state/lowLevelState';
import { TaskState } from './state/taskState';
import { UserState } from './state/userState';

export const app = createApp({
  states: [TaskState, LowLevelState, BackgroundTaskState, OtherState, ErrorState, UserState],
  router: true,
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
];
