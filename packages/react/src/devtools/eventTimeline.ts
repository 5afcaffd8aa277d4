import type { EventOrigin, InspectedError, InspectorRecord } from '@core/state/internal';

/** One `modify` of a background task: a tick on its bar. */
export interface TaskTick {
  readonly at: number;
  readonly lockWait: number;
  readonly held: number;
  readonly patches: number;
  readonly bytes: number;
}

/** An event or a background task as the timeline shows it, built from its records. */
export interface TimelineEntry {
  readonly id: number;
  readonly kind: 'event' | 'task';
  readonly handler: string;
  readonly payload: unknown;
  readonly origin: EventOrigin;
  /** The event or task that chained it. */
  readonly parent?: number;
  readonly queuedAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly lockWait: number;
  readonly held: number;
  readonly patches: number;
  readonly bytes: number;
  readonly error?: InspectedError;
  /** A task's `modify` blocks. */
  readonly ticks: readonly TaskTick[];
}

/**
 * The events and tasks of a tab, built from inspector records and bounded to the last `limit`
 * entries (the oldest dropped first). Immutable: `apply` returns a new timeline.
 */
export class EventTimeline {
  readonly entries: ReadonlyMap<number, TimelineEntry>;
  readonly limit: number;

  constructor(limit: number, entries: ReadonlyMap<number, TimelineEntry> = new Map()) {
    this.limit = limit;
    this.entries = entries;
  }

  /** The timeline with these records applied (records of entries it no longer has are ignored). */
  apply(records: readonly InspectorRecord[]): EventTimeline {
    if (records.length === 0) return this;
    const entries = new Map(this.entries);
    for (const record of records) applyRecord(entries, record);
    for (const id of entries.keys()) {
      if (entries.size <= this.limit) break;
      entries.delete(id);
    }
    return new EventTimeline(this.limit, entries);
  }

  /** An empty timeline with the same limit. */
  cleared(): EventTimeline {
    return new EventTimeline(this.limit);
  }

  /** Entries whose parent is not in the timeline, oldest first. */
  roots(): TimelineEntry[] {
    return [...this.entries.values()].filter((entry) => entry.parent === undefined || !this.entries.has(entry.parent));
  }

  /** The entries `id` chained, oldest first. */
  children(id: number): TimelineEntry[] {
    return [...this.entries.values()].filter((entry) => entry.parent === id);
  }
}

function applyRecord(entries: Map<number, TimelineEntry>, record: InspectorRecord): void {
  const entry = entries.get(record.id);
  switch (record.type) {
    case 'event-queued':
      entries.set(record.id, {
        id: record.id,
        kind: record.background ? 'task' : 'event',
        handler: record.handler,
        payload: record.payload,
        origin: record.origin,
        parent: record.parent,
        queuedAt: record.at,
        lockWait: 0,
        held: 0,
        patches: 0,
        bytes: 0,
        ticks: [],
      });
      return;
    case 'task-started':
      entries.set(record.id, {
        ...(entry ?? {
          id: record.id,
          handler: record.handler,
          payload: record.payload,
          origin: record.origin,
          parent: record.parent,
          queuedAt: record.at,
          lockWait: 0,
          held: 0,
          patches: 0,
          bytes: 0,
          ticks: [],
        }),
        kind: 'task',
        startedAt: record.at,
      });
      return;
    case 'event-started':
      if (entry) entries.set(record.id, { ...entry, startedAt: record.at });
      return;
    case 'event-ended':
      if (entry) {
        const { lockWait, held, patches, bytes, error } = record;
        entries.set(record.id, { ...entry, endedAt: record.at, lockWait, held, patches, bytes, error });
      }
      return;
    case 'task-modify':
      if (entry) {
        const { at, lockWait, held, patches, bytes } = record;
        entries.set(record.id, {
          ...entry,
          lockWait: entry.lockWait + lockWait,
          held: entry.held + held,
          patches: entry.patches + patches,
          bytes: entry.bytes + bytes,
          ticks: [...entry.ticks, { at, lockWait, held, patches, bytes }],
        });
      }
      return;
    case 'task-ended':
      if (entry) entries.set(record.id, { ...entry, endedAt: record.at, error: record.error });
      return;
  }
}
