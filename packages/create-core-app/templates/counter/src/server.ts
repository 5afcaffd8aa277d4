import { createApp } from '@core/state';
import { TaskState } from './state/taskState';

/** The app `core dev` and `core start` serve: every state the pages use. */
export const app = createApp({ states: [TaskState] });
