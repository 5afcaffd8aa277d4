import { defineState, FieldError } from '@core/state';

/** The longest display name. */
const MAX_NAME = 24;

/** Per browser session: the name its person signed in with (every tab of the browser shows it). */
export const SessionState = defineState('session', {
  scope: 'session',
  vars: { name: '' },
});

/** The tab's side of signing in and out: a password-less sign-in by name. */
export const AccountState = defineState('account', {
  vars: {},
  events: {
    /** The sign-in form's handler (`useForm`): refuses an empty or too long name beside its field. */
    async signIn(_s, fields: { name: string }, ctx) {
      const name = String(fields?.name ?? '').trim();
      if (!name) throw new FieldError({ name: 'Enter a name.' });
      if (name.length > MAX_NAME) throw new FieldError({ name: `Use at most ${MAX_NAME} characters.` });
      // A new session id for the signed-in person; its session states (SessionState) move along.
      await ctx.signIn({ name });
      (await ctx.get(SessionState)).name = name;
    },
    async signOut(_s, _: void, ctx) {
      await ctx.signOut();
    },
  },
});
