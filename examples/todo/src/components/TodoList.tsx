import { useAppState, useEvent } from '@core/react';
import { TodoState } from '../state/todoState';

/** The list: toggles and deletes change the page at once (`optimistic`), then the server confirms. */
export function TodoList() {
  const items = useAppState(TodoState, (s) => s.items);
  const toggle = useEvent(TodoState.toggle, {
    optimistic: (draft, id) => {
      const item = draft.items.find((todo) => todo.id === id);
      if (item) item.done = !item.done;
    },
  });
  const remove = useEvent(TodoState.remove, {
    optimistic: (draft, id) => {
      draft.items = draft.items.filter((todo) => todo.id !== id);
    },
  });
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="todo-empty">
        Nothing to do yet.
      </p>
    );
  }
  const left = items.filter((todo) => !todo.done).length;
  return (
    <>
      <ul className="todos" data-testid="todo-list">
        {items.map((item) => (
          <li
            key={item.id}
            className={item.done ? 'todo done' : 'todo'}
            data-testid="todo-item"
            data-pending={item.pending || undefined}
          >
            <label>
              <input
                type="checkbox"
                data-testid="todo-toggle"
                checked={item.done}
                disabled={item.pending}
                onChange={() => void toggle(item.id)}
              />
              <span data-testid="todo-text">{item.text}</span>
            </label>
            <button
              type="button"
              className="remove"
              data-testid="todo-delete"
              aria-label={`Delete "${item.text}"`}
              disabled={item.pending}
              onClick={() => void remove(item.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <p className="left" data-testid="todo-left">
        {left === 1 ? '1 item left' : `${left} items left`}
      </p>
    </>
  );
}
