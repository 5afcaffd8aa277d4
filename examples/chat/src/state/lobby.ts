import { defineState } from '@core/state';

/** A room as the home page lists it. */
export interface RoomSummary {
  readonly name: string;
  /** How many pages show the room now. */
  readonly online: number;
}

/** How many rooms the list keeps: empty rooms beyond it are dropped, the oldest first. */
const MAX_LISTED = 30;

/** App-wide: the rooms people are in or were in lately, with how many pages show each now. */
export const Lobby = defineState('lobby', {
  scope: 'app',
  vars: {
    rooms: [
      { name: 'general', online: 0 },
      { name: 'random', online: 0 },
    ] as RoomSummary[],
  },
});

/** Records that `online` pages show room `name` (called under the app's lock: `ctx.get(Lobby)`). */
export function setOnline(lobby: { rooms: RoomSummary[] }, name: string, online: number): void {
  const listed = lobby.rooms.find((room) => room.name === name);
  if (listed) {
    if (listed.online !== online) lobby.rooms = lobby.rooms.map((room) => (room === listed ? { name, online } : room));
    return;
  }
  const rooms = [...lobby.rooms, { name, online }];
  // Bounded: a visitor who makes up room names does not grow the list for ever.
  while (rooms.length > MAX_LISTED) {
    const empty = rooms.findIndex((room) => room.online === 0);
    rooms.splice(empty === -1 ? 0 : empty, 1);
  }
  lobby.rooms = rooms;
}
