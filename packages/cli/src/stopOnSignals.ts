import pc from 'picocolors';

/**
 * Stops a running server gracefully on SIGINT or SIGTERM, then exits: 0 when everything finished,
 * 1 when `close()` failed or gave up waiting. A second signal exits at once (1): the way out of a
 * stop that waits on a stuck handler.
 */
export function stopOnSignals(running: { close(): Promise<void> }): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${pc.yellow(`${signal} again: stopping at once.`)}\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`Stopping (${signal}); send it again to stop at once.\n`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${pc.red(error instanceof Error ? error.message : String(error))}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
