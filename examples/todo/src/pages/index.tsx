import { App } from '../App';

export const head = () => ({ title: 'core to-do' });

/** `/`: the to-do list, rendered on the server with the session's items, then live. */
export default function TodoPage() {
  return <App />;
}
