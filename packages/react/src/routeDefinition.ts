import type { EventSpec, RouteParams } from '@core/state';
import type { PublicState } from '@core/state/types';
import type { ComponentType, ReactNode } from 'react';

/**
 * The params of a route pattern: `ParamsOf<'/users/:id'>` is `{ id: string }`,
 * `ParamsOf<'/docs/*slug'>` is `{ slug: string[] }`.
 */
export type ParamsOf<TPattern extends string> = string extends TPattern
  ? RouteParams
  : {
      readonly [K in ParamNames<TPattern, ':'> | ParamNames<TPattern, '*'>]: K extends ParamNames<TPattern, '*'>
        ? string[]
        : string;
    };

type ParamNames<TPattern extends string, TMark extends string> = TPattern extends `${infer Head}/${infer Rest}`
  ? ParamNames<Head, TMark> | ParamNames<Rest, TMark>
  : TPattern extends `${TMark}${infer Name}`
    ? Name extends `${infer Bare}?`
      ? Bare
      : Name
    : never;

/** Route params given as a pattern (`'/users/:id'`) or as the params object itself. */
export type ParamsFor<T extends string | RouteParams> = T extends string ? ParamsOf<T> : T;

/**
 * What a page's `head` export receives; `HeadArgs<'/users/:id'>` types `params` as `{ id: string }`.
 */
export interface HeadArgs<T extends string | RouteParams = RouteParams> {
  readonly path: string;
  readonly params: ParamsFor<T>;
  readonly query: Readonly<Record<string, string>>;
  /** The public state of every state, as the page renders it. */
  readonly state: PublicState;
}

/** The `<title>` and `<meta name>` tags a page sets. */
export interface PageHead {
  title?: string;
  /** `<meta name="key" content="value">` per entry. */
  meta?: Readonly<Record<string, string>>;
}

/** What the on-load events of a page may be: a list, or a function of the route data. */
export type OnLoad =
  | readonly EventSpec<any>[]
  | ((route: { path: string; params: RouteParams; query: Record<string, string> }) => readonly EventSpec<any>[]);

/**
 * A module of the pages folder: its default export is the page component; `onLoad` lists the
 * events that run on the server (in order, with the new router data) each time the page is
 * entered; `head` sets the title and meta tags.
 */
export interface PageModule {
  readonly default: ComponentType;
  readonly onLoad?: OnLoad;
  readonly head?: (args: HeadArgs) => PageHead;
}

/** A page module whose default export is a {@link definePage} result. */
export interface DefinedPageModule {
  readonly default: PageDefinition<any>;
}

/** A `_layout` module: its default export wraps the pages of its folder and below. */
export interface LayoutModule {
  readonly default: ComponentType<{ children?: ReactNode }>;
}

/** One entry of the route table (`virtual:core-routes`). */
export interface RouteDefinition {
  /** `/`, `/users/:id`, `/docs/*slug` (catch-all), `/docs/*slug?` (optional catch-all). */
  readonly pattern: string;
  /** The page file, relative to the pages folder. */
  readonly file: string;
  readonly page: () => Promise<PageModule | DefinedPageModule>;
  /** Outermost first. */
  readonly layouts: readonly (() => Promise<LayoutModule>)[];
}

/** The route table a pages app is built from. */
export interface RouteTableModule {
  readonly routes: readonly RouteDefinition[];
  readonly notFound?: RouteDefinition | undefined;
  /**
   * Set in development: told about a `<Link>` or `navigate` to a same-origin path that no page
   * matches (it would show the 404 page).
   */
  readonly warn?: ((message: string) => void) | undefined;
}

/** What {@link definePage} takes: the page's parts in one object. */
export interface PageDefinition<T extends string | RouteParams = RouteParams> {
  component: ComponentType;
  onLoad?: OnLoad;
  head?: (args: HeadArgs<T>) => PageHead;
}

const PAGE_DEFINITION = Symbol.for('core.pageDefinition');

/**
 * Declares a page in one object, as its default export; the same as exporting the component as
 * `default` and `onLoad` / `head` by name (that form also refreshes in place when edited in
 * `core dev`; this one reloads the document).
 *
 * @example
 * export default definePage<'/users/:id'>({
 *   component: UserPage,
 *   onLoad: [UserState.load()],
 *   head: ({ params }) => ({ title: `User ${params.id}` }),
 * });
 */
export function definePage<T extends string | RouteParams = RouteParams>(page: PageDefinition<T>): PageDefinition<T> {
  return Object.assign({ [PAGE_DEFINITION]: true }, page);
}

/** A page module as the router uses it: a `definePage` default export is unpacked. */
export function toPageModule(module: PageModule | DefinedPageModule): PageModule {
  const value = module.default as unknown as Record<PropertyKey, unknown> | undefined;
  if (!value || !(PAGE_DEFINITION in value)) return module as PageModule;
  const page = value as unknown as PageDefinition;
  return { default: page.component, onLoad: page.onLoad, head: page.head };
}
