import type { HandlerContext } from './handlerContext.js';

/** What an upload handler receives: the file the page sent, stored in a temporary file. */
export interface UploadedFile {
  /** The file's name as the page gave it (no path). */
  readonly name: string;
  /** Its MIME type as the page gave it (untrusted). */
  readonly type: string;
  /** Its size in bytes, as received. */
  readonly size: number;
  /**
   * The temporary file holding it; deleted when the handler has finished, so read or move it
   * inside the handler.
   */
  readonly path: string;
}

/** The shape of an upload handler. */
export type UploadHandler<TState> = (state: TState, file: UploadedFile, ctx: HandlerContext) => unknown;

const UPLOAD_HANDLER: unique symbol = Symbol.for('core.uploadHandler') as never;

/**
 * Marks an event handler as the receiver of uploads (`useUpload(TheState.handler)` in the page):
 * it runs only for a file that reached the server's upload endpoint, never for a `core:event`
 * from a page, so its `path` is always a file the server wrote.
 *
 * @example
 * events: {
 *   receive: uploadHandler(async (s, file) => {
 *     s.result = `${file.name}: ${(await stat(file.path)).size} bytes`;
 *   }),
 * }
 */
export function uploadHandler<TState>(fn: UploadHandler<TState>): UploadHandler<TState> {
  const marked = ((state: TState, file: UploadedFile, ctx: HandlerContext) =>
    fn(state, file, ctx)) as UploadHandler<TState>;
  Object.defineProperty(marked, UPLOAD_HANDLER, { value: true });
  return marked;
}

/** True for a function made by {@link uploadHandler}. */
export function isUploadHandler(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[UPLOAD_HANDLER] === true;
}
