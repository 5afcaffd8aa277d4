import type { Logger } from '@core/state';
import type { AppPort } from '@core/state/internal';
import { readClientErrorReport, WireEvent } from '@core/state/protocol';
import type { CoreSocket } from './socketServer.js';

/** What the client-error channels of one server share. */
export interface ClientErrorChannelContext {
  readonly port: AppPort;
  readonly logger: Logger;
  /** Reports one socket may send per minute; later ones are dropped until the minute is over. */
  readonly maxPerMinute: number;
}

const WINDOW = 60_000;

/**
 * Takes the errors one page reports (`core:client-error`): each is checked and cut to size
 * (`readClientErrorReport`), counted against the socket's limit per minute, then logged and passed
 * to the app's `onClientError` hook through the port. A malformed message is ignored; the first
 * report over the limit in a minute is logged once, the rest dropped quietly.
 */
export function attachClientErrors(socket: CoreSocket, context: ClientErrorChannelContext): void {
  const { port, logger, maxPerMinute } = context;
  const token = socket.data.token;
  let windowStart = 0;
  let count = 0;
  socket.on(WireEvent.clientError, (raw) => {
    const now = Date.now();
    if (now - windowStart >= WINDOW) {
      windowStart = now;
      count = 0;
    }
    count += 1;
    if (count > maxPerMinute) {
      if (count === maxPerMinute + 1) {
        logger.warn(
          `A page reported more than ${maxPerMinute} errors in a minute; its further reports are dropped until the minute is over`,
          { token },
        );
      }
      return;
    }
    const report = readClientErrorReport(raw);
    if (report) port.reportClientError(token, report, socket.data.user);
  });
}
