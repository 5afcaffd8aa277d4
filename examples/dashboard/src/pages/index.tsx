import { App } from '../App';

export const head = () => ({ title: 'core dashboard' });

/** `/`: the dashboard. */
export default function DashboardPage() {
  return <App />;
}
