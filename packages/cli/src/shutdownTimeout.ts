import { CliError } from './cliError.js';

/** How long a graceful stop waits for running handlers and tasks by default, in ms. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 10_000;

/**
 * The shutdown timeout: the option, else `CORE_SHUTDOWN_TIMEOUT`, else 10 s. A value that is not a
 * whole number of milliseconds ≥ 0 is refused.
 */
export function resolveShutdownTimeout(given: number | undefined): number {
  const env = process.env.CORE_SHUTDOWN_TIMEOUT;
  const value = given ?? (env === undefined || env === '' ? DEFAULT_SHUTDOWN_TIMEOUT : Number(env));
  if (!Number.isInteger(value) || value < 0) {
    throw new CliError(
      `The shutdown timeout must be a whole number of milliseconds >= 0, got ${JSON.stringify(given ?? env)}.`,
    );
  }
  return value;
}

/** The error of a stop that gave up on handlers or tasks still running. */
export function stillRunning(timeout: number): CliError {
  return new CliError(
    `Handlers or background tasks were still running ${timeout} ms after the stop began; stopped without them (the state they had committed is kept).`,
  );
}
