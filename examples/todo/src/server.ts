import { createApp } from '@core/state';
import { TodoState } from './state/todoState';

/** The app `core dev` and `core start` serve: every state the pages use. */
export const app = createApp({ states: [TodoState] });
