import { createApp } from '@core/state';
import { PageState } from './state/pageState';

/** The app `core dev` and `core start` serve: every state the pages use. */
export const app = createApp({ states: [PageState] });
