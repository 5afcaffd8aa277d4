import { App } from '../App';

export const head = () => ({ title: 'core counter' });

/** `/`: the background counter. */
export default function CounterPage() {
  return <App />;
}
