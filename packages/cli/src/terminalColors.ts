import { stripVTControlCharacters } from 'node:util';

/** Marks a stream whose `write` already strips colour codes. */
const STRIPPING = Symbol.for('core.cli.stripsColors');

/**
 * Whether text written to `stream` may carry colour codes: never with `NO_COLOR` set (not empty),
 * always with `FORCE_COLOR` set (unless to `0` or `false`), else only when the stream is a
 * terminal (and `TERM` is not `dumb`). A pipe, a file or a CI log gets plain text.
 */
export function colorsWanted(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) return forced !== '0' && forced !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Strips colour codes from everything the process writes to stdout or stderr where
 * {@link colorsWanted} says no. What `core` prints comes from Vite, Rolldown (which colours its
 * code frames whatever the stream), picocolors (which colours whenever `CI` is set) and the
 * server's logger; one filter at the stream is the only place all of them pass.
 */
export function stripColorsWhereUnwanted(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const marked = stream as NodeJS.WriteStream & { [STRIPPING]?: true };
    if (marked[STRIPPING] || colorsWanted(stream)) continue;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === 'string' ? stripVTControlCharacters(chunk) : chunk, ...rest)) as typeof stream.write;
    marked[STRIPPING] = true;
  }
}
