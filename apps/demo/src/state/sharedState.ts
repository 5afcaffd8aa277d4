import { type AppHandle, defineAppTask, defineState } from '@core/state';

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

/** Keeps `shared.online` equal to the number of tabs connected on every process. */
export function trackOnlineTabs(app: AppHandle & { onTokensChange(listener: () => void): () => void }): void {
  app.onTokensChange(async () => {
    const online = (await app.tokens()).length;
    await app.modifyState({ scope: 'app' }, async (tx) => {
      const shared = await tx.get(SharedState);
      if (shared.online !== online) shared.online = online;
    });
  });
}

/** Adds 1 to `shared.clock` every second: one process of the cluster runs it, another takes over if it dies. */
export const clockTask = defineAppTask('clock', { every: '1s' }, (task) =>
  task.modify({ scope: 'app' }, async (tx) => {
    (await tx.get(SharedState)).clock += 1;
  }),
);
