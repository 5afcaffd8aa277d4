/**
 * app/ — the app: `createApp` and its options, resolved once (`resolveApp`, `appSettings.ts`),
 * wired from the folders below (`appCore.ts`), seen by its transport through one port
 * (`appPort.ts`), with the presence lists pages watch and the browser errors pages report.
 *
 * May import: every other folder and the root's errors, logger and protocol; nothing imports it
 * but the entries (`index.ts`, `internal.ts`, `types.ts`) and testing/.
 */

export { App, createApp } from './app.js';
export type { AppEnvironment, AppOptions } from './appOptions.js';
export type { AppHost, AppPort, PresencePort, TabHydration } from './appPort.js';
export { resolveApp } from './appResolve.js';
export type { ResolvedAppSettings } from './appSettings.js';
export type { ClientErrorContext, ClientErrorHook } from './reportClientError.js';
