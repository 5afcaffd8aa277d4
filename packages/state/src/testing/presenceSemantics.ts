import { afterEach, describe, expect, it, vi } from 'vitest';
import { isStateError } from '../errors.js';
import type { PresenceChange } from '../managers/index.js';
import { ProcessHarness, type ProcessLeaseFactory } from './processHarness.js';

/** The process lease of the suite: short, so a death shows within a second or two. */
const LEASE = 900;
/** Room for a loaded machine on top of the documented bound (one lease and one tick). */
const SLACK = 1_500;

/**
 * The behaviour every presence registry must have, with the task registry and app-task leases of
 * the same manager, as a Vitest suite: join, update and leave reported once with versions that grow
 * by one, lists seen by every process in join order, bad input refused, and the entries of a process
 * that stops renewing its lease (as after `kill -9`) left out of lists within one lease and reaped
 * as leaves exactly once, by the survivor that claimed it. Time runs for real (polled).
 *
 * @example
 * runPresenceConformance('memory', ({ peerOf, taskLease }) => peerOf ?? new MemoryStateManager({ taskLease }));
 */
export function runPresenceConformance(name: string, create: ProcessLeaseFactory): void {
  describe(`presence registry: ${name}`, () => {
    let harness = new ProcessHarness(create, LEASE);
    let counter = 0;
    const key = () => `@room:presence-${Date.now().toString(36)}-${counter++}`;
    afterEach(async () => {
      await harness.close();
      harness = new ProcessHarness(create, LEASE);
    });
    const brief = (change: PresenceChange | undefined) =>
      change && {
        kind: change.kind,
        id: change.entry.id,
        meta: change.entry.meta,
        version: change.version,
        size: change.size,
      };

    it('reports join, update and leave with versions that grow by one, and lists what is there', async () => {
      const a = await harness.spawn();
      const k = key();
      expect(await a.presence.list(k)).toEqual({ version: 0, entries: [] });
      expect(brief(await a.presence.join(k, 'p1', { name: 'Ada' }))).toEqual({
        kind: 'join',
        id: 'p1',
        meta: { name: 'Ada' },
        version: 1,
        size: 1,
      });
      expect(brief(await a.presence.join(k, 'p2', { name: 'Bo' }))).toMatchObject({
        kind: 'join',
        version: 2,
        size: 2,
      });
      expect(brief(await a.presence.update(k, 'p1', { name: 'Ada', typing: true }))).toMatchObject({
        kind: 'update',
        meta: { name: 'Ada', typing: true },
        version: 3,
        size: 2,
      });
      // Joining again with the same id replaces the metadata: an update, in the same place.
      expect(brief(await a.presence.join(k, 'p2', { name: 'Bob' }))).toMatchObject({ kind: 'update', version: 4 });
      const list = await a.presence.list(k);
      expect(list.version).toBe(4);
      expect(list.entries.map((entry) => [entry.id, entry.meta, entry.process])).toEqual([
        ['p1', { name: 'Ada', typing: true }, a.member.id],
        ['p2', { name: 'Bob' }, a.member.id],
      ]);
      expect(await a.presence.count(k)).toBe(2);
      expect(brief(await a.presence.leave(k, 'p1'))).toMatchObject({ kind: 'leave', id: 'p1', version: 5, size: 1 });
      expect(await a.presence.count(k)).toBe(1);
      expect(await a.presence.leave(k, 'p1')).toBeUndefined();
      expect(await a.presence.update(k, 'p1', { name: 'gone' })).toBeUndefined();
      expect((await a.presence.list(k)).entries.map((entry) => entry.id)).toEqual(['p2']);
    });

    it('forgets a key once its last entry left: its next join starts again at version 1', async () => {
      const a = await harness.spawn();
      const k = key();
      await a.presence.join(k, 'p1', {});
      await a.presence.join(k, 'p2', {});
      expect(await a.presence.leave(k, 'p2')).toMatchObject({ version: 3, size: 1 });
      expect(await a.presence.leave(k, 'p1')).toMatchObject({ version: 4, size: 0 });
      expect(await a.presence.list(k)).toEqual({ version: 0, entries: [] });
      expect(await a.presence.join(k, 'p3', {})).toMatchObject({ version: 1, size: 1 });
    });

    it('keeps keys apart and metadata intact (nested JSON, non-ASCII text)', async () => {
      const a = await harness.spawn();
      const [k1, k2] = [key(), key()];
      const meta = { name: 'Zoë 🚀', cursor: { x: 1.5, y: -2 }, tags: ['a', null, true] };
      await a.presence.join(k1, 'p1', meta);
      await a.presence.join(k2, 'p2', {});
      expect((await a.presence.list(k1)).entries).toEqual([{ id: 'p1', process: a.member.id, meta }]);
      expect((await a.presence.list(k2)).entries.map((entry) => entry.id)).toEqual(['p2']);
    });

    it('refuses a bad key, id or metadata with INVALID_PRESENCE and stores nothing', async () => {
      const a = await harness.spawn();
      const k = key();
      const bad: [string, string, unknown][] = [
        ['', 'p', {}],
        ['x'.repeat(513), 'p', {}],
        [k, '', {}],
        [k, 'p', null],
        [k, 'p', ['list']],
        [k, 'p', { when: new Date(0) }],
        [k, 'p', { big: 'x'.repeat(2_000) }],
      ];
      for (const [badKey, id, meta] of bad) {
        const error = await a.presence.join(badKey, id, meta as never).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isStateError(error) && error.code).toBe('INVALID_PRESENCE');
      }
      await a.presence.join(k, 'p', { ok: true });
      await expect(a.presence.update(k, 'p', { n: 1n } as never)).rejects.toMatchObject({ code: 'INVALID_PRESENCE' });
      expect((await a.presence.list(k)).entries).toEqual([{ id: 'p', process: a.member.id, meta: { ok: true } }]);
    });

    it('every process lists the entries of every other, and an update from another process keeps the owner', async () => {
      const a = await harness.spawn();
      const b = await harness.spawn();
      const k = key();
      await a.presence.join(k, 'pa', { name: 'A' });
      await b.presence.join(k, 'pb', { name: 'B' });
      for (const side of [a, b]) {
        expect((await side.presence.list(k)).entries.map((entry) => [entry.id, entry.process])).toEqual([
          ['pa', a.member.id],
          ['pb', b.member.id],
        ]);
      }
      expect(await b.presence.update(k, 'pa', { name: 'A2' })).toMatchObject({
        kind: 'update',
        entry: { id: 'pa', process: a.member.id, meta: { name: 'A2' } },
      });
      // A process leaves only its own pages.
      expect(await b.presence.leave(k, 'pa')).toBeUndefined();
      expect((await a.presence.list(k)).entries.map((entry) => entry.id)).toEqual(['pa', 'pb']);
    });

    it('leaveAll removes every entry of this process and no other', async () => {
      const a = await harness.spawn();
      const b = await harness.spawn();
      const [k1, k2] = [key(), key()];
      await a.presence.join(k1, 'a1', {});
      await a.presence.join(k2, 'a2', {});
      await b.presence.join(k1, 'b1', {});
      const leaves = await a.presence.leaveAll();
      expect(leaves.map((change) => [change.kind, change.key, change.entry.id]).sort()).toEqual([
        ['leave', k1, 'a1'],
        ['leave', k2, 'a2'],
      ]);
      expect((await b.presence.list(k1)).entries.map((entry) => entry.id)).toEqual(['b1']);
      expect((await b.presence.list(k2)).entries).toEqual([]);
    });

    it('a process that stops renewing (kill -9) drops out of lists within one lease and one tick, and its entries leave once', async () => {
      const a = await harness.spawn();
      const b = await harness.spawn();
      const c = await harness.spawn();
      const [k1, k2] = [key(), key()];
      await a.presence.join(k1, 'a1', { name: 'A' });
      await a.presence.join(k1, 'a2', { name: 'A' });
      await a.presence.join(k2, 'a3', {});
      await b.presence.join(k1, 'b1', { name: 'B' });
      await a.tick();
      a.kill();
      const killed = a.lastRenewal;
      await vi.waitFor(
        async () => expect((await b.presence.list(k1)).entries.map((entry) => entry.id)).toEqual(['b1']),
        { timeout: LEASE + a.member.tickInterval + SLACK, interval: 50 },
      );
      expect(Date.now() - killed).toBeLessThanOrEqual(LEASE + a.member.tickInterval + SLACK);
      // One survivor claims the dead process and reaps each of its entries as one leave.
      await vi.waitFor(() => expect([...b.reaped, ...c.reaped]).toHaveLength(3), { timeout: 3 * LEASE + SLACK });
      expect([...b.claimed, ...c.claimed]).toEqual([a.member.id]);
      const reaped = [...b.reaped, ...c.reaped];
      expect(reaped.map((change) => [change.kind, change.key, change.entry.id]).sort()).toEqual([
        ['leave', k1, 'a1'],
        ['leave', k1, 'a2'],
        ['leave', k2, 'a3'],
      ]);
      expect(reaped.filter((change) => change.key === k1).map((change) => change.size)).toEqual([2, 1]);
      expect(await c.presence.reap(a.member.id)).toEqual([]);
      expect(await c.presence.count(k1)).toBe(1);
      expect((await c.presence.list(k1)).entries.map((entry) => entry.id)).toEqual(['b1']);
      expect((await c.presence.list(k2)).entries).toEqual([]);
    });

    it('a page id taken over from a dead process is reported as a join, owned by the new process', async () => {
      const a = await harness.spawn();
      const b = await harness.spawn();
      b.kill(); // b ticks by hand below, so it reaps nothing before the takeover
      const k = key();
      await a.presence.join(k, 'moved', { name: 'A' });
      a.kill();
      await vi.waitFor(async () => expect((await b.presence.list(k)).entries).toEqual([]), {
        timeout: LEASE + SLACK,
        interval: 50,
      });
      await b.member.tick();
      const change = await b.presence.join(k, 'moved', { name: 'B' });
      expect(change).toMatchObject({ kind: 'join', entry: { process: b.member.id, meta: { name: 'B' } } });
      expect((await b.presence.list(k)).entries.map((entry) => entry.process)).toEqual([b.member.id]);
    });
  });
}
