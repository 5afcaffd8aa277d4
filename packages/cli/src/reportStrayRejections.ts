import pc from 'picocolors';

/**
 * Keeps the server up when a promise somewhere rejects with nobody listening: Node would exit on
 * it, taking every tab's memory state along for one missing `catch`. The rejection is written to
 * stderr instead, so it still gets fixed.
 */
export function reportStrayRejections(): void {
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    process.stderr.write(`${pc.red('[core] error: a promise rejected with nobody handling it')}\n${text}\n`);
  });
}
