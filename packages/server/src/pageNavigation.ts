import type { App, Logger } from '@core/state';
import { type EventAck, type NavigateMessage, WireEvent } from '@core/state/protocol';
import { clientAddress, type TrustProxy } from './clientAddress.js';
import { isTokenAt, navigateToken } from './navigateToken.js';
import type { PageRenderer } from './pageRenderer.js';
import type { CoreSocket } from './socketServer.js';

/** What a socket's navigations need. */
export interface NavigationContext {
  app: App;
  pages: PageRenderer;
  logger: Logger;
  trustProxy: TrustProxy;
}

/**
 * Serves `core:navigate` for one socket: the page moved (or connected) to `href`; the token's
 * router state follows and the page's on-load events run, then the ack. On connect they run only
 * when the token's router is elsewhere (a rendered page the socket adopted has run them already).
 */
export function attachPageNavigation(socket: CoreSocket, context: NavigationContext): void {
  const { app, pages, logger } = context;
  const token = socket.data.token;
  const headers = socket.handshake.headers;
  const client = {
    userAgent: String(headers['user-agent'] ?? ''),
    ip: clientAddress(socket.handshake.address, headers, context.trustProxy),
    session: socket.data.session,
  };
  // One navigation of a socket at a time, in arrival order: a `connect` check that read the router
  // after a later navigation had moved it would otherwise send the token back to the old page.
  // The first waits for the page's stored values (storage vars count before on-load events).
  let previous: Promise<unknown> = socket.data.storedApplied ?? Promise.resolve();
  socket.on(WireEvent.navigate, (raw, ack) => {
    if (typeof ack !== 'function') return;
    const message = parseNavigate(raw);
    if (!message) {
      ack(BAD_NAVIGATE);
      return;
    }
    const run = async (): Promise<EventAck> => {
      if (message.reason === 'connect' && (await isTokenAt(app, token, message.href))) return OK;
      await navigateToken(app, token, await pages.resolve(message.href), client);
      return OK;
    };
    previous = previous.then(run).then(ack, (error: unknown) => {
      logger.error('A navigation failed', { token, href: message.href, error });
      ack({ ok: false, error: { code: 'HANDLER_ERROR', message: 'The navigation failed.' } });
    });
  });
}

const OK: EventAck = { ok: true };
const BAD_NAVIGATE: EventAck = {
  ok: false,
  error: {
    code: 'INVALID_EVENT',
    message: `${WireEvent.navigate} takes { href: "/path", reason: "navigate" | "connect" }.`,
  },
};

function parseNavigate(raw: unknown): NavigateMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { href, reason } = raw as Record<string, unknown>;
  if (typeof href !== 'string' || !href.startsWith('/') || href.startsWith('//') || href.length > 2048)
    return undefined;
  if (reason !== 'navigate' && reason !== 'connect') return undefined;
  return { href, reason };
}
