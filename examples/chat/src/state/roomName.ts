/** The longest room name. */
export const MAX_ROOM_NAME = 32;

/**
 * Why `name` is not a room name, or `undefined` when it is one: 1 to 32 lowercase letters, digits
 * and dashes, starting with a letter or a digit. The name comes from the URL, so it is a claim that
 * the server checks before joining anything.
 */
export function roomNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'A room needs a name.';
  if (name.length > MAX_ROOM_NAME) return `"${name.slice(0, 40)}…" is too long: a room name has at most 32 characters.`;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    return `"${name}" is not a room name: use lowercase letters, digits and dashes, starting with a letter or digit.`;
  }
  return undefined;
}
