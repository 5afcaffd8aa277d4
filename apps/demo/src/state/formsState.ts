import { defineState, FieldError, sleep, withSchema } from '@core/state';
import { z } from 'zod';

/** The sign-up form's fields: what the page posts, with JavaScript or without. */
const SignUpFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(40, 'Keep the name under 40 characters.'),
  email: z.email('Enter a valid email address.'),
});

/** A sign-up form (`/forms`): the schema checks the fields, the handler refuses a taken name. */
export const SignUpState = defineState('signup', {
  vars: { welcome: '', _taken: ['taken'] as string[] },
  events: {
    signUp: withSchema(SignUpFields, async (s, { name }) => {
      await sleep(400); // slow enough to see the form pending
      if (s._taken.includes(name)) throw new FieldError({ name: `The name "${name}" is taken; pick another.` });
      s.welcome = `Welcome, ${name}`;
    }),
  },
});

/** A search box bound to `query` (debounced on the page); the server answers 100 ms later. */
export const SearchState = defineState('search', {
  vars: { query: '', echo: '', runs: 0 },
  events: {
    async setQuery(s, query: string) {
      s.query = String(query).slice(0, 200);
      await sleep(100);
      s.echo = s.query;
      s.runs += 1;
    },
  },
});

/** One to-do item; `pending` marks the page's optimistic copy until the server has it. */
export interface TodoItem {
  id: string;
  text: string;
  pending?: boolean;
}

/** A to-do list whose adds are optimistic on the page; the server is slow and refuses "fail". */
export const TodoState = defineState('todo', {
  vars: { items: [] as TodoItem[], _next: 1 },
  events: {
    async add(s, text: string) {
      const clean = String(text).trim().slice(0, 100);
      await sleep(600);
      if (!clean || clean === 'fail') throw new FieldError({ text: `The to-do "${clean}" is refused.` });
      s.items.push({ id: String(s._next), text: clean });
      s._next += 1;
    },
  },
});

/** A button whose event is throttled on the page; the handler counts the runs that reach it. */
export const ClickState = defineState('clicks', {
  vars: { count: 0 },
  events: {
    click(s) {
      s.count += 1;
    },
  },
});
