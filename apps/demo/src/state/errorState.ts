import { defineState } from '@core/state';

/** A handler that throws, to show how failures reach the page (message and stack only in dev). */
export const ErrorState = defineState('errors', {
  vars: { attempts: 0, _secret: 'never-shown-to-the-page' },
  events: {
    fail(s) {
      s.attempts += 1; // rolled back: the handler throws
      throw new Error(`Something broke in a handler (${s._secret.length} chars of secret stay home)`);
    },
  },
});
