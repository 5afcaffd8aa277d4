import { defineState } from '@core/state';

/** Shared by the tabs in one room (`/room/<key>`); a tab in no room has its own copy. */
export const RoomState = defineState('room', {
  scope: 'room',
  vars: { counter: 0 },
  events: {
    increment(s) {
      s.counter += 1;
    },
    /** Shows a raised hand on this page's entry in the room's presence list (the page cannot fake it). */
    raiseHand(_s, raised: boolean, ctx) {
      ctx.presence?.update({ hand: raised === true });
    },
  },
  background: {
    /** Adds 1 ten times, each in its own locked step: three tabs in one room add up to 30. */
    async bump(task) {
      for (let i = 0; i < 10; i++) {
        await task.modify((s) => {
          s.counter += 1;
        });
      }
    },
  },
});

/** Which room this tab is in. */
export const RoomMembership = defineState('roomMembership', {
  vars: { joined: '' },
  events: {
    /** On-load event of `/room/[room]`: joins the room named in the URL. */
    enter(s, _: void, ctx) {
      const key = String(ctx.router.params.room ?? '');
      if (!key) return;
      ctx.join(RoomState, key);
      s.joined = key;
    },
    leave(s, _: void, ctx) {
      ctx.leave(RoomState);
      s.joined = '';
    },
  },
});
