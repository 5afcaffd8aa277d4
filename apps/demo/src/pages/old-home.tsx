import { ClientState } from '../state/clientState';

/** A moved page: its on-load event redirects home (an HTTP redirect on a full page load). */
export const onLoad = [ClientState.redirectHome()];

export default function OldHomePage() {
  return <p>This page moved home.</p>;
}
