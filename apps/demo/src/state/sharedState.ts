import { defineAppTask, defineState } from '@core/state';

/**
 * App-wide: one counter for every visitor, how many tabs are connected right now, and a clock the
 * `clock` app task advances once per second (on one process of the cluster).
 */
export const SharedState = defineState('shared', {
  scope: 'app',
  vars: { counter: 0, online: 0, clock: 0 },
  events: {
    increment(s) {
      s.counter += 1;
    },
  },
  /** Every page is in the app's presence list: `online` follows its size, on every process. */
  onPresence(s, { count }) {
    s.online = count;
  },
});

/** Per browser session: the name the visitor signed in with (every tab of the browser shows it). */
export const SessionState = defineState('session', {
  scope: 'session',
  vars: { name: '' },
});

/** The tab's side of signing in and out (a password-less sign-in by name). */
export const AccountState = defineState('account', {
  vars: { draft: '' },
  events: {
    async signIn(_s, name: string, ctx) {
      const clean = String(name).trim().slice(0, 40);
      if (!clean) return;
      await ctx.signIn({ name: clean });
      (await ctx.get(SessionState)).name = clean;
    },
    async signOut(_s, _: void, ctx) {
      await ctx.signOut();
    },
  },
});

/** Adds 1 to `shared.clock` every second: one process of the cluster runs it, another takes over if it dies. */
export const clockTask = defineAppTask('clock', { every: '1s' }, (task) =>
  task.modify({ scope: 'app' }, async (tx) => {
    (await tx.get(SharedState)).clock += 1;
  }),
);
