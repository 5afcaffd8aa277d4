import { AddTodo } from './components/AddTodo';
import { TodoList } from './components/TodoList';

/** The to-do app: the add form above the list. */
export function App() {
  return (
    <main className="app">
      <h1 data-testid="todo-title">To-do</h1>
      <AddTodo />
      <TodoList />
      <p className="note">
        Your list lives on the server, in this browser's session: reload, or open a second tab, and it is there.
      </p>
    </main>
  );
}
