import { useAppState, useEvent, usePresence } from '@core/react';
import type { HeadArgs } from '@core/react/pages';
import { RoomMembership, RoomState } from '../../state/roomState';

/** Joins the room named in the URL, on the server, before the first paint. */
export const onLoad = [RoomMembership.enter()];

export const head = ({ params }: HeadArgs<'/room/:room'>) => ({ title: `Room ${params.room}` });

export default function RoomPage() {
  const { joined } = useAppState(RoomMembership);
  const room = useAppState(RoomState);
  const increment = useEvent(RoomState.increment);
  const bump = useEvent(RoomState.bump);
  const leave = useEvent(RoomMembership.leave);
  const raiseHand = useEvent(RoomState.raiseHand);
  const peers = usePresence(RoomState);
  const handUp = peers.some((peer) => peer.self && peer.meta.hand === true);
  return (
    <section>
      <h1>Room</h1>
      <p>
        Room: <span data-testid="room-joined">{joined}</span>
      </p>
      <p>
        Counter: <span data-testid="room-counter">{room.counter}</span>
      </p>
      <p>
        <button type="button" data-testid="room-increment" onClick={() => void increment()}>
          +1
        </button>{' '}
        <button type="button" data-testid="room-bump-bg" onClick={() => void bump()}>
          +10 in the background
        </button>{' '}
        <button type="button" data-testid="room-leave" onClick={() => void leave()}>
          Leave the room
        </button>{' '}
        <button type="button" data-testid="room-hand" onClick={() => void raiseHand(!handUp)}>
          {handUp ? 'Lower your hand' : 'Raise your hand'}
        </button>
      </p>
      <h2>Here now</h2>
      <ul data-testid="room-presence">
        {peers.map((peer) => (
          <li key={peer.id} data-testid="presence-entry">
            {String(peer.meta.name ?? 'guest')}
            {peer.meta.hand === true ? ' ✋' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
