/**
 * `@core/react/pages`: the runtime of a pages app (file-based routes from `virtual:core-routes`):
 * `mountApp`, `<Link>`, `useRouter`, `CoreApp`. A subpath of its own, so an app without pages never
 * loads it.
 */
export type { CoreAppProps } from './CoreApp.js';
export { CoreApp } from './CoreApp.js';
export type { LinkProps } from './Link.js';
export { Link } from './Link.js';
export type { ParsedHref } from './matchRoute.js';
export { matchRoute, parseHref } from './matchRoute.js';
export type { MountAppOptions, MountedApp } from './mountApp.js';
export { mountApp } from './mountApp.js';
export type { LoadedPage, NavigateOptions, NavigationSink, PageRouterSnapshot } from './pageRouter.js';
export { loadPage, PageRouter } from './pageRouter.js';
export type {
  DefinedPageModule,
  HeadArgs,
  LayoutModule,
  OnLoad,
  PageDefinition,
  PageHead,
  PageModule,
  ParamsFor,
  ParamsOf,
  RouteDefinition,
  RouteTableModule,
} from './routeDefinition.js';
export { definePage } from './routeDefinition.js';
export type { RouterInfo } from './useRouter.js';
export { useRouter } from './useRouter.js';
