import { ClientState } from '../state/clientState';

/** Its on-load event shows a toast: carried in the server-rendered HTML on a full page load. */
export const onLoad = [ClientState.save()];

export default function WelcomePage() {
  return <h1 data-testid="welcome">Welcome</h1>;
}
