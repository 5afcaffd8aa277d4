/** What went wrong, for {@link ServerError}. */
export type ServerErrorCode =
  /** Production without `CORE_SECRET` (or the `secret` option): tokens could not be trusted across restarts and processes. */
  | 'MISSING_SECRET'
  /** An option of `createServer` has a value it cannot use. */
  | 'INVALID_OPTION';

/** The one error class of `@core/server`; `code` tells the failures apart. */
export class ServerError extends Error {
  override name = 'ServerError';
  readonly code: ServerErrorCode;
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[core/server] ${message}`, options);
    this.code = code;
  }
}
