import type { ResyncRequest } from '@core/state/protocol';

/** Where the page says it stands, when it says so validly (anything else: it gets a hydrate). */
export function resyncRequestOf(raw: unknown): ResyncRequest | undefined {
  const { seq, epoch, shared } = (raw ?? {}) as { seq?: unknown; epoch?: unknown; shared?: unknown };
  const tab = positionOf(seq, epoch);
  if (!tab || tab.epoch === '') return undefined;
  if (shared === undefined) return tab;
  if (typeof shared !== 'object' || shared === null || Array.isArray(shared)) return undefined;
  const entries = Object.entries(shared);
  if (entries.length > MAX_SHARED_SOURCES) return undefined;
  const positions: Record<string, { seq: number; epoch: string }> = {};
  for (const [source, position] of entries) {
    const { seq: s, epoch: e } = (position ?? {}) as { seq?: unknown; epoch?: unknown };
    const valid = positionOf(s, e);
    if (!source.startsWith('@') || source.length > 256 || !valid) return undefined;
    positions[source] = valid;
  }
  return { ...tab, shared: positions };
}

/** Most shared documents a page may say it shows (more: it gets a hydrate). */
const MAX_SHARED_SOURCES = 64;

function positionOf(seq: unknown, epoch: unknown): { seq: number; epoch: string } | undefined {
  if (typeof epoch !== 'string' || epoch.length > 64) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { seq, epoch };
}
