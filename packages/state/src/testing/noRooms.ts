import type { PageRooms } from '../sync/pageLink.js';

/** The rooms of a page that has none (a test opening a page without a transport). */
export const NO_ROOMS: PageRooms = { join() {}, keepOnly() {} };
