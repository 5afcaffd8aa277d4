import type { SchemaOutput, StandardSchemaV1 } from './standardSchema.js';

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

/** Focuses an element, found by its `data-testid` first, then by its `id`, else as a CSS selector. */
export interface FocusAction {
  readonly type: 'focus';
  readonly target: string;
}

/** Scrolls an element into view (`target`: a test id, an id or a selector) or the window to a position. */
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
export interface ClientCallOptions<TSchema extends StandardSchemaV1 | undefined = undefined> {
  /** Milliseconds to wait for the page's answer. @default the app's `clientCallTimeout` (10 s) */
  timeout?: number;
  /**
   * The largest answer taken, in bytes of JSON: a larger one fails the call at once (`CLIENT_CALL`,
   * `TOO_LARGE`). An answer also counts against the server's frame limit (`maxPayloadBytes`).
   * @default 65_536
   */
  maxBytes?: number;
  /**
   * A Standard Schema (zod, valibot, ...) the answer must pass, as handler payloads do: the page is
   * untrusted. The call resolves with the schema's output; a refused answer fails it
   * (`CLIENT_CALL`, `INVALID_ANSWER`).
   *
   * @example
   * const width = await ctx.client.call('innerWidth', undefined, { schema: z.number().int().min(0) });
   */
  schema?: TSchema;
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
  /**
   * Focuses the element with this `data-testid`, else this `id`, else the first matching this CSS
   * selector; the page reports an error when none matches.
   */
  focus(target: string): void;
  /** Scrolls an element into view, or the window to `{ top, left }`. */
  scrollTo(options: { target?: string; top?: number; left?: number; behavior?: 'auto' | 'smooth' }): void;
  /**
   * Calls a function the page registered with `registerClientFunction(name, fn)` and resolves
   * with its result (null for a function that returns nothing), or with the output of `schema`.
   * Pending actions are sent first. Rejects with a `StateError` (`CLIENT_CALL`) when no page
   * answers in time, the page has no such function, the function threw, or the answer is larger
   * than `maxBytes` (64 KiB) or refused by `schema`.
   */
  call<TName extends keyof ClientFunctions, TSchema extends StandardSchemaV1 | undefined = undefined>(
    name: TName,
    ...args: undefined extends ClientFunctionPayload<TName>
      ? [payload?: ClientFunctionPayload<TName>, options?: ClientCallOptions<TSchema>]
      : [payload: ClientFunctionPayload<TName>, options?: ClientCallOptions<TSchema>]
  ): Promise<TSchema extends StandardSchemaV1 ? SchemaOutput<TSchema> : ClientFunctionResult<TName>>;
}

/** Why a page did not answer a client call. */
export type ClientCallErrorCode =
  | 'UNKNOWN_FUNCTION'
  | 'FUNCTION_FAILED'
  | 'NO_PAGE'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'INVALID_ANSWER';

/** A page's answer to a client call. */
export type ClientCallAnswer =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly code: ClientCallErrorCode; readonly message: string } };
