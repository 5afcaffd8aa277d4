/** Why `create-core-app` stopped. */
export type CreateCoreAppErrorCode =
  | 'INVALID_ARGUMENTS'
  | 'MISSING_NAME'
  | 'INVALID_NAME'
  | 'UNKNOWN_TEMPLATE'
  | 'TARGET_NOT_EMPTY'
  | 'INSTALL_FAILED'
  | 'CANCELLED';

/**
 * A failure the command reports as one line without a stack: what failed, the value, how to fix
 * it. `code` tells programs which one.
 *
 * @example
 * new CreateCoreAppError('UNKNOWN_TEMPLATE', 'Unknown template "vue"; choose counter or blank.');
 */
export class CreateCoreAppError extends Error {
  override name = 'CreateCoreAppError';
  readonly code: CreateCoreAppErrorCode;

  constructor(code: CreateCoreAppErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[create-core-app] ${message}`, options);
    this.code = code;
  }
}
