import { type App, type Logger, sourceOf } from '@core/state';
import { WireEvent } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { followLinks } from './followLinks.js';
import type { PatchSender } from './patchSender.js';
import type { SessionRenewals } from './sessionRenewals.js';
import type { CoreSocketServer } from './socketServer.js';

/**
 * Carries every token's updates from the app to its pages: a patch per update (with its
 * document's epoch and, for a shared document, its source), a session renew when a tab signed in
 * or out (with the proof that lets that tab fetch its new cookie), pages moved to their new shared
 * documents, and error reports. Returns the unsubscribe.
 */
export function forwardAppUpdates(
  io: CoreSocketServer,
  app: App,
  patches: PatchSender,
  logger: Logger,
  renewals: SessionRenewals,
): () => void {
  return app.subscribeAll({
    update: (key, update, epoch) => {
      const source = sourceOf(key);
      patches.send(key, source ? { ...update, epoch, source } : epoch ? { ...update, epoch } : update);
    },
    sessionRotated: (token, from) => {
      io.to(token).emit(WireEvent.session, { renew: true, proof: renewals.issue(token, from) });
    },
    relinked: (token, links, previous) => {
      void followLinks(io as unknown as Server, app, token, links, previous).catch((error: unknown) =>
        logger.error('Moving pages to their new shared documents failed', { token, error }),
      );
    },
    error: (token, error) => io.to(token).emit(WireEvent.error, error),
  });
}
