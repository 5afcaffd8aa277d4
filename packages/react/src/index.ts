export type { ConnectionBannerProps } from './ConnectionBanner.js';
export { ConnectionBanner } from './ConnectionBanner.js';
export type { CoreAppProps } from './CoreApp.js';
export { CoreApp } from './CoreApp.js';
export type { CoreProviderProps } from './CoreProvider.js';
export { CoreProvider } from './CoreProvider.js';
export type { ConnectionStatus, CoreClientOptions } from './coreClient.js';
export { CoreClient, createCoreClient, EventError } from './coreClient.js';
export { useCoreClient } from './coreContext.js';
export { ErrorBanner } from './ErrorBanner.js';
export type { LinkProps } from './Link.js';
export { Link } from './Link.js';
export type { ParsedHref } from './matchRoute.js';
export { matchRoute, parseHref } from './matchRoute.js';
export type { MountAppOptions, MountedApp } from './mountApp.js';
export { mountApp } from './mountApp.js';
export type { LoadedPage, NavigateOptions, NavigationSink, PageRouterSnapshot } from './pageRouter.js';
export { loadPage, PageRouter } from './pageRouter.js';
export type {
  HeadArgs,
  LayoutModule,
  OnLoad,
  PageHead,
  PageModule,
  ParamsFor,
  ParamsOf,
  RouteDefinition,
  RouteTableModule,
} from './routeDefinition.js';
export { definePage } from './routeDefinition.js';
export type { StateStub } from './stub.js';
export { createStateStub } from './stub.js';
export { useAppState } from './useAppState.js';
export { useConnection } from './useConnection.js';
export { useEvent } from './useEvent.js';
export type { RouterInfo } from './useRouter.js';
export { useRouter } from './useRouter.js';
