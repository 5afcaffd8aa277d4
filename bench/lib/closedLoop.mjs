// The bench's closed loop: every connection repeats its round trip as soon as the last one ended.

/**
 * Every connection repeats `once(connection)` back to back for `durationMs` (a closed loop);
 * resolves with the completions and their rate per second.
 */
export async function closedLoop(connections, once, durationMs) {
  let count = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < deadline) {
        await once(connection);
        count += 1;
      }
    }),
  );
  return { rate: count / ((performance.now() - started) / 1000), count };
}
