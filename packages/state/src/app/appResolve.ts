import { StateError } from '../errors.js';
import type { App } from './app.js';
import type { AppHost, AppPort } from './appPort.js';
import type { ResolvedAppSettings } from './appSettings.js';

/** How `resolveApp` reaches an app's one resolve step (each `App` registers its own). */
export const resolvers = new WeakMap<
  App,
  (host: AppHost, check?: (settings: ResolvedAppSettings) => void) => AppPort
>();

/**
 * The app's one resolve step, for its host (a transport): what the host owns (its logger, mode,
 * presence, the router, a state manager the CLI chose, its listener) fills in what `createApp`
 * was not given, and the port it returns is how the host talks to the app from then on. `check`
 * sees the settings first and may throw to refuse them (nothing is resolved then). Throws
 * `INVALID_CONFIG` when the app was resolved already (a second server, or after it served a token).
 */
export function resolveApp(app: App, host: AppHost = {}, check?: (settings: ResolvedAppSettings) => void): AppPort {
  const resolve = resolvers.get(app);
  if (!resolve) throw new StateError('INVALID_CONFIG', 'resolveApp takes an app made by createApp().');
  return resolve(host, check);
}
