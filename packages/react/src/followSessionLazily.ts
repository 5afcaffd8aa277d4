import type { SessionMessage } from '@core/state/protocol';

/**
 * Follows a sign-in or sign-out (`core:session`, see `followSession`) and calls `reconnect` when
 * the socket must connect again to carry the new cookie. Sign-ins are rare: the code that follows
 * them is a chunk of its own, loaded then.
 */
export function followSessionLazily(
  message: SessionMessage,
  token: string | undefined,
  url: string | undefined,
  reconnect: () => void,
): void {
  import('./followSession.js')
    .then(({ followSession }) => followSession(message, token, url))
    .then(
      (again) => again && reconnect(),
      () => undefined,
    );
}
