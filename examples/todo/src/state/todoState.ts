import { defineState, FieldError } from '@core/state';
import { todoTextProblem } from '../todoText';

/** The most items one list holds: what a page sends is bounded. */
const MAX_TODOS = 100;

/** One to-do item. `pending` is set only on the page's optimistic copy, until the server has it. */
export interface Todo {
  id: string;
  text: string;
  done: boolean;
  pending?: boolean;
}

/**
 * The to-do list of one browser session (`scope: 'session'`): every tab of the browser shows the
 * same list, a reload keeps it, another browser has its own. It runs only on the server.
 */
export const TodoState = defineState('todos', {
  scope: 'session',
  vars: { items: [] as Todo[], _nextId: 1 },
  events: {
    /** The add form's fields, with JavaScript or without: a refused text is shown beside its field. */
    add(s, fields: { text: string }) {
      const text = String(fields?.text ?? '').trim();
      const problem = todoTextProblem(text);
      if (problem) throw new FieldError({ text: problem });
      if (s.items.length >= MAX_TODOS) throw new FieldError({ text: `The list is full (${MAX_TODOS}); delete some.` });
      s.items.push({ id: String(s._nextId), text, done: false });
      s._nextId += 1;
    },
    /** Flips one item between done and not done (an id not in the list changes nothing). */
    toggle(s, id: string) {
      const item = s.items.find((todo) => todo.id === id);
      if (item) item.done = !item.done;
    },
    /** Deletes one item. */
    remove(s, id: string) {
      s.items = s.items.filter((todo) => todo.id !== id);
    },
  },
});
