import { defineState } from '@core/state';

/** The user page's data, loaded by its on-load event from the route's `id`. */
export const UserState = defineState('user', {
  vars: { id: '', name: '', loads: 0 },
  events: {
    /** On-load event of `/users/[id]`: reads the id from the router and "loads" the user. */
    load(s, _: void, ctx) {
      const id = String(ctx.router.params.id ?? '');
      s.id = id;
      s.name = `User ${id}`;
      s.loads += 1;
    },
  },
});
