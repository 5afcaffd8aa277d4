/**
 * Every failure `@core/vite` reports. The set is closed so that tools can switch on it; the
 * message names the file, says what failed and what to write instead.
 */
export type CoreViteErrorCode =
  /** The first argument of `defineState(...)` is not a string literal. */
  | 'INVALID_STATE_NAME'
  /** The second argument of `defineState(...)` is not an object literal. */
  | 'INVALID_STATE_CONFIG'
  /** `events` or `background` is not an object literal whose keys can be read without running it. */
  | 'INVALID_HANDLERS'
  /** A state module could not be parsed. */
  | 'PARSE_FAILED'
  /** Browser code uses an export of a state module that exists only on the server. */
  | 'SERVER_ONLY_EXPORT'
  /** A file of the pages folder cannot become a route (a bad segment, two files for one path). */
  | 'INVALID_ROUTE';

/** The one error class of `@core/vite`; `code` tells the failures apart, `file` names the module. */
export class CoreViteError extends Error {
  override name = 'CoreViteError';
  readonly code: CoreViteErrorCode;
  /** The module the error is about (a file path or Vite module id). */
  readonly file: string;
  /** Offset (UTF-16 code units) of the offending code in `file`, when known. */
  readonly pos: number | undefined;

  constructor(code: CoreViteErrorCode, file: string, message: string, options?: { cause?: unknown; pos?: number }) {
    super(`[core/vite] ${file}: ${message}`, options);
    this.code = code;
    this.file = file;
    this.pos = options?.pos;
  }
}

/** True when `error` is a {@link CoreViteError}, optionally with the given code. */
export function isCoreViteError(error: unknown, code?: CoreViteErrorCode): error is CoreViteError {
  return error instanceof CoreViteError && (code === undefined || error.code === code);
}
