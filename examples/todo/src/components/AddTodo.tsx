import { Form, useForm } from '@core/react/forms';
import { TodoState } from '../state/todoState';
import { todoTextProblem } from '../todoText';

/**
 * The add form. `<Form>` is a real `<form method="post">`: before the page's script has loaded, or
 * without JavaScript, the browser posts it and the server runs the same handler. With the script,
 * it goes over the socket and the new item shows at once (`optimistic`), marked pending until the
 * server has it.
 */
export function AddTodo() {
  const add = useForm(TodoState.add, {
    optimistic: (draft, { text }) => {
      const clean = text.trim();
      if (todoTextProblem(clean)) return; // the server will refuse it: show nothing
      draft.items.push({ id: `pending-${draft.items.length}`, text: clean, done: false, pending: true });
    },
  });
  const error = add.errors.text ?? add.formError;
  return (
    <Form form={add} className="add" data-testid="todo-form" noValidate>
      <input
        {...add.field('text')}
        data-testid="todo-input"
        aria-label="New to-do"
        aria-describedby="todo-error"
        placeholder="What needs doing?"
        autoComplete="off"
      />
      <button type="submit" data-testid="todo-add" disabled={add.pending}>
        Add
      </button>
      <p id="todo-error" className="field-error" data-testid="todo-error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </Form>
  );
}
