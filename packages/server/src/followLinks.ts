import type { AppPort, DocLinks } from '@core/state/internal';
import { WireEvent } from '@core/state/protocol';
import type { CoreIo } from './socketServer.js';

/** The rooms of the shared documents a tab with these links shows (the app's is joined at hydrate). */
function linkedRooms(links: DocLinks): string[] {
  const rooms = Object.values(links.rooms ?? {}).map((key) => `@room:${key}`);
  return links.session === undefined ? rooms : [`@session:${links.session}`, ...rooms];
}

/**
 * Moves the pages of a tab whose links changed (it joined or left a room, its session changed)
 * to the rooms of its shared documents, on every process, and sends them a fresh hydrate: from
 * now on they show, and receive the updates of, the documents the tab is linked to.
 */
export async function followLinks(
  io: CoreIo,
  port: AppPort,
  token: string,
  links: DocLinks,
  previous: DocLinks,
): Promise<void> {
  const now = new Set(linkedRooms(links));
  const gone = linkedRooms(previous).filter((room) => !now.has(room));
  if (gone.length > 0) io.in(token).socketsLeave(gone);
  if (now.size > 0) io.in(token).socketsJoin([...now]);
  const { keys: _keys, ...hydration } = await port.hydrate(token, { session: links.session });
  io.to(token).emit(WireEvent.hydrate, { token, ...hydration });
}
