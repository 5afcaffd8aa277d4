/** One chat message. */
export interface Message {
  readonly id: string;
  /** The signed-in name of the session that sent it (taken on the server, never from the page). */
  readonly author: string;
  readonly text: string;
}

/** The longest message: the composer's `maxLength`, and what the server refuses beyond. */
export const MAX_MESSAGE = 500;
