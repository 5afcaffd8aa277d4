/**
 * What a handler can tell the page to do. Client actions are typed data the page interprets; the
 * server never sends code to evaluate.
 */

/** The look of a toast. */
export type ToastKind = 'info' | 'success' | 'warning' | 'error';

/** Navigates: through the app's router when it has one, else a full page load. */
export interface RedirectAction {
  readonly type: 'redirect';
  /** A relative URL or an http(s) URL. */
  readonly href: string;
  /** Replace the current history entry instead of pushing one. */
  readonly replace?: boolean;
}

/** Shows a short message in the page's toast region. */
export interface ToastAction {
  readonly type: 'toast';
  readonly message: string;
  readonly kind?: ToastKind;
  /** Milliseconds before it goes away by itself; 0 keeps it until dismissed. */
  readonly duration?: number;
}

/** Saves a file: one at a URL, or data sent with the action. */
export type DownloadAction =
  | { readonly type: 'download'; readonly url: string; readonly filename?: string }
  | {
      readonly type: 'download';
      readonly data: string;
      readonly filename: string;
      readonly mimeType?: string;
      /** How `data` is encoded. @default 'text' */
      readonly encoding?: 'text' | 'base64';
    };

/** Puts text on the clipboard. */
export interface SetClipboardAction {
  readonly type: 'setClipboard';
  readonly text: string;
}

/** Focuses an element, found by its `data-testid` first, else as a CSS selector. */
export interface FocusAction {
  readonly type: 'focus';
  readonly target: string;
}

/** Scrolls an element into view (`target`, a test id or a selector) or the window to a position. */
export interface ScrollToAction {
  readonly type: 'scrollTo';
  readonly target?: string;
  readonly top?: number;
  readonly left?: number;
  readonly behavior?: 'auto' | 'smooth';
}

/** Every client action. */
export type ClientAction =
  | RedirectAction
  | ToastAction
  | DownloadAction
  | SetClipboardAction
  | FocusAction
  | ScrollToAction;

/**
 * The functions an app registers in the page (`registerClientFunction`) and its handlers call
 * (`ctx.client.call`), declared once by augmentation so both sides are typed:
 *
 * @example
 * declare module '@core/state' {
 *   interface ClientFunctions {
 *     innerWidth: { payload: void; result: number };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface ClientFunctions {}

/** The payload type of a registered client function. */
export type ClientFunctionPayload<TName extends keyof ClientFunctions> = ClientFunctions[TName] extends {
  payload: infer TPayload;
}
  ? TPayload
  : undefined;

/** The result type of a registered client function. */
export type ClientFunctionResult<TName extends keyof ClientFunctions> = ClientFunctions[TName] extends {
  result: infer TResult;
}
  ? TResult
  : unknown;

/** Options of {@link ClientApi.call}. */
export interface ClientCallOptions {
  /** Milliseconds to wait for the page's answer. @default the app's `clientCallTimeout` (10 s) */
  timeout?: number;
}

/**
 * `ctx.client` in an event handler (to the page that fired the event) and `task.client` in a
 * background task (to every page of the token). Actions of a handler are sent after the update of
 * the same commit, in the order they were made; a handler that throws sends none.
 */
export interface ClientApi {
  /** Navigates to `href` (a relative or http(s) URL). */
  redirect(href: string, options?: { replace?: boolean }): void;
  /** Shows a toast. */
  toast(message: string, options?: { kind?: ToastKind; duration?: number }): void;
  /** Downloads a file at a URL, or `data` as a file named `filename`. */
  download(
    file:
      | { url: string; filename?: string }
      | { data: string; filename: string; mimeType?: string; encoding?: 'text' | 'base64' },
  ): void;
  /** Puts `text` on the page's clipboard. */
  setClipboard(text: string): void;
  /** Focuses the element with this `data-testid` (or matching this CSS selector). */
  focus(target: string): void;
  /** Scrolls an element into view, or the window to `{ top, left }`. */
  scrollTo(options: { target?: string; top?: number; left?: number; behavior?: 'auto' | 'smooth' }): void;
  /**
   * Calls a function the page registered with `registerClientFunction(name, fn)` and resolves
   * with its result. Pending actions are sent first. Rejects with a `StateError` (`CLIENT_CALL`)
   * when no page answers in time, the page has no such function, or the function threw.
   */
  call<TName extends keyof ClientFunctions>(
    name: TName,
    ...args: undefined extends ClientFunctionPayload<TName>
      ? [payload?: ClientFunctionPayload<TName>, options?: ClientCallOptions]
      : [payload: ClientFunctionPayload<TName>, options?: ClientCallOptions]
  ): Promise<ClientFunctionResult<TName>>;
}

/** Why a page did not answer a client call. */
export type ClientCallErrorCode = 'UNKNOWN_FUNCTION' | 'FUNCTION_FAILED' | 'NO_PAGE' | 'TIMEOUT';

/** A page's answer to a client call. */
export type ClientCallAnswer =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly code: ClientCallErrorCode; readonly message: string } };
