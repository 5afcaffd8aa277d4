import { App } from '../App';
import { ChatTab } from '../state/chatTab';

/** Leaves the room the tab was in, so its people lists no longer show this page. */
export const onLoad = [ChatTab.leave()];

export const head = () => ({ title: 'core chat' });

/** `/`: the room list. */
export default function HomePage() {
  return <App />;
}
