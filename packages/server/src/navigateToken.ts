import { type App, RouterState } from '@core/state';
import type { PageLocation } from './pageRenderer.js';

/** Who navigates: what the `router` state records besides the location. */
export interface NavigationClient {
  readonly userAgent: string;
  readonly ip: string;
  /** The browser session of the page (its cookie), so on-load events see its session states. */
  readonly session?: string;
  /** Where the on-load events' client actions go (`DispatchOptions.page`); every page of the token when absent. */
  readonly page?: string;
}

/**
 * Moves a token's page to `page`: sets the `router` state (location, params, query, user agent,
 * IP; `loading` true), runs the page's on-load events in order, then clears `loading`. The events
 * are queued together, so nothing the page sends meanwhile runs between them (events they chain
 * run after). Resolves when all have run; a failing on-load event is reported to the page like any
 * handler error and does not stop the others.
 */
export async function navigateToken(
  app: App,
  token: string,
  page: PageLocation,
  client: NavigationClient,
): Promise<void> {
  const { href, path, route, params, query } = page;
  const { session, userAgent, ip } = client;
  const options = client.page === undefined ? { session } : { session, page: client.page };
  const steps = [
    app.dispatch(token, RouterState._navigate({ href, path, route, params, query, userAgent, ip }), options),
    ...page.onLoad.map((event) => app.dispatch(token, event, options)),
    app.dispatch(token, RouterState._loaded(href), options),
  ];
  await Promise.allSettled(steps);
}

/** True when the token's `router` state is already at `href` (its on-load events ran there). */
export async function isTokenAt(app: App, token: string, href: string): Promise<boolean> {
  const doc = await app.stateManager.get(token);
  return doc?.states.router?.href === href;
}
