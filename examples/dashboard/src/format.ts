// Formatting for the page. Times are shown in UTC so that the server's render and the browser's
// agree to the character (a local time would differ between the two and trip hydration).

/** `14:03:27`: the time of day, UTC. */
export function formatTime(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/** A metric's value for a tile or an axis: whole numbers from 100 up, one decimal below. */
export function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
