/** The longest to-do text the app keeps. */
export const MAX_TODO_LENGTH = 80;

/**
 * What is wrong with a to-do's text (already trimmed), or `undefined` when it can be added. The
 * server enforces it; the page uses it to show only the adds that will pass. It lives outside the
 * state module because the browser gets a stub of that module, not its code.
 */
export function todoTextProblem(text: string): string | undefined {
  if (text === '') return 'Write something to do.';
  if (text.length > MAX_TODO_LENGTH) return `Keep it to ${MAX_TODO_LENGTH} characters (this one has ${text.length}).`;
  return undefined;
}
