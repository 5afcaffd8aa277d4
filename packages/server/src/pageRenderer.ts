import type { EventSpec, RouteParams } from '@core/state';
import type { SsrPayload } from '@core/state/protocol';

/** A location resolved against an app's routes (see `resolvePage` of `@core/react/server`). */
export interface PageLocation {
  /** 200, or 404 when no route matched (500: a page whose module failed to load, in `core dev`). */
  readonly status: number;
  readonly href: string;
  readonly path: string;
  /** The route pattern, `''` when none matched. */
  readonly route: string;
  readonly params: RouteParams;
  readonly query: Record<string, string>;
  /** The page's on-load events, in order. */
  readonly onLoad: readonly EventSpec<unknown>[];
}

/** The app's HTML for a location, rendered with a token's state. */
export interface RenderedPageHtml {
  readonly status: number;
  /** The inside of the root element. */
  readonly html: string;
  /** `<title>`/`<meta>` tags for the `<head>`. */
  readonly head: string;
  /** The page set its title: the template's `<title>` goes. */
  readonly hasTitle: boolean;
  /**
   * The states the render read: the HTML carries only these (and `router`), the page gets the
   * others once connected. Undefined: it carries every state.
   */
  readonly states?: readonly string[];
}

/**
 * What a server needs to serve a pages app; `core dev` and `core start` build it from the route
 * table and `@core/react/server`. The server itself never imports React.
 */
export interface PageRenderer {
  /** Matches `href` (path and query) and gives its route data and on-load events. */
  resolve(href: string): Promise<PageLocation>;
  /** Renders the app at `href` with this state. */
  render(href: string, hydration: SsrPayload): Promise<RenderedPageHtml>;
  /** The HTML document to render into (the project's `index.html`, transformed for dev). */
  template(href: string): Promise<string>;
}
