import { defineState } from '@core/state';

/**
 * The page's state. It lives on the server, one copy per browser tab; handlers run there and the
 * page receives the changes. Vars starting with `_` never leave the server.
 */
export const PageState = defineState('page', {
  vars: { greeting: 'Hello from the server', clicks: 0 },
  events: {
    click(s) {
      s.clicks += 1;
    },
  },
});
