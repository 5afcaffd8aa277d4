import type { PageRooms } from '../sync/index.js';

/** The rooms of a page that has none (a test opening a page without a transport). */
export const NO_ROOMS: PageRooms = { join() {}, keepOnly() {} };
