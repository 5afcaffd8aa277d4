/**
 * Types of `virtual:core-routes`, the route table the `@core/vite` pages plugin generates from
 * `src/pages`. Add `"types": ["@core/react/routes"]` to the project's tsconfig (or
 * `/// <reference types="@core/react/routes" />`).
 */
declare module 'virtual:core-routes' {
  import type { RouteDefinition } from '@core/react/pages';
  /** Every page of `src/pages`, most specific pattern first. */
  export const routes: readonly RouteDefinition[];
  /** `src/pages/_404.tsx`, if there is one. */
  export const notFound: RouteDefinition | undefined;
  /** Development only: reports links to paths no page matches. */
  export const warn: ((message: string) => void) | undefined;
  const table: {
    routes: readonly RouteDefinition[];
    notFound: RouteDefinition | undefined;
    warn: ((message: string) => void) | undefined;
  };
  export default table;
}
