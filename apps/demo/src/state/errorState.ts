import { defineState } from '@core/state';

/** How many of the page's reported errors the demo keeps (newest last). */
const KEPT_REPORTS = 20;

/**
 * A handler that throws, to show how failures reach the page (message and stack only in dev), and
 * the errors the page itself reported to the server (`onClientError` in `server.ts` records them).
 */
export const ErrorState = defineState('errors', {
  vars: { attempts: 0, _secret: 'never-shown-to-the-page', reported: [] as string[] },
  events: {
    fail(s) {
      s.attempts += 1; // rolled back: the handler throws
      throw new Error(`Something broke in a handler (${s._secret.length} chars of secret stay home)`);
    },
    /** Records one error the page reported (backend-only: only the server's hook calls it). */
    _reported(s, line: string) {
      s.reported.push(line);
      if (s.reported.length > KEPT_REPORTS) s.reported.splice(0, s.reported.length - KEPT_REPORTS);
    },
  },
});
