import { App } from '../App';

export const head = () => ({ title: 'core demo' });

export default function HomePage() {
  return <App />;
}
