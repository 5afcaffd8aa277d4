/** A failure the `core` command reports as one line, without a stack. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(`[core] ${message}`, options);
  }
}
