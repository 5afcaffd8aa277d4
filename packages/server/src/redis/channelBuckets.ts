/** How many sharded channels of each kind a cluster uses: wake-ups spread over the shards. */
export const CHANNEL_BUCKETS = 16;

/** A stable bucket of the token (FNV-1a), the same in every process. */
export function bucketOf(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CHANNEL_BUCKETS;
}
