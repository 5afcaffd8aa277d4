import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProcessHarness, type ProcessLeaseFactory } from './processHarness.js';

/** The process lease of the suite: short, so a takeover shows within a second or two. */
const LEASE = 900;
/** Room for a loaded machine on top of the documented bound (one lease and one tick). */
const SLACK = 1_500;

/**
 * The behaviour every app-task lease store must have, with the task registry of the same manager,
 * as a Vitest suite: of many processes asking at once exactly one holds each task, a holder keeps
 * it while it renews, a released task moves at the next tick, and a task whose holder stops
 * renewing (as after `kill -9`) moves within one lease and one tick — while a stalled holder that
 * lapsed gets nothing back. Time runs for real (polled).
 *
 * @example
 * runAppTaskLeaseConformance('memory', ({ peerOf, taskLease }) => peerOf ?? new MemoryStateManager({ taskLease }));
 */
export function runAppTaskLeaseConformance(name: string, create: ProcessLeaseFactory): void {
  describe(`app task leases: ${name}`, () => {
    let harness = new ProcessHarness(create, LEASE);
    afterEach(async () => {
      await harness.close();
      harness = new ProcessHarness(create, LEASE);
    });
    const spawnMany = async (n: number) => {
      const processes = [];
      for (let i = 0; i < n; i++) processes.push(await harness.spawn());
      return processes;
    };

    it('of five processes asking at once, exactly one holds each task, and it keeps holding it', async () => {
      const processes = await spawnMany(5);
      for (const p of processes) p.kill(); // acquire by hand, all at once
      const names = ['clock', 'feed', 'cleanup'];
      const rounds = await Promise.all(processes.map((p) => p.leases.acquire(names)));
      for (const task of names) expect(rounds.filter((held) => held.includes(task))).toHaveLength(1);
      const holders = await processes[0]?.leases.holders();
      for (const task of names) {
        const holder = processes.findIndex((_, i) => rounds[i]?.includes(task));
        expect(holders?.get(task)).toBe(processes[holder]?.member.id);
      }
      await Promise.all(processes.map((p) => p.member.tick()));
      const again = await Promise.all(processes.map((p) => p.leases.acquire(names)));
      expect(again).toEqual(rounds);
    });

    it('a task held elsewhere is not taken; the others asked for in the same call are', async () => {
      const [a, b] = await spawnMany(2);
      if (!a || !b) throw new Error('two processes expected');
      expect(await a.leases.acquire(['clock'])).toEqual(['clock']);
      expect(await b.leases.acquire(['clock', 'feed'])).toEqual(['feed']);
      expect(await a.leases.acquire(['feed', 'clock'])).toEqual(['clock']);
    });

    it('a released task is taken by another process at its next acquire; release of a task held elsewhere does nothing', async () => {
      const [a, b] = await spawnMany(2);
      if (!a || !b) throw new Error('two processes expected');
      await a.leases.acquire(['clock']);
      await b.leases.release(['clock']);
      expect(await b.leases.acquire(['clock'])).toEqual([]);
      await a.leases.release(['clock']);
      expect((await b.leases.holders()).has('clock')).toBe(false);
      expect(await b.leases.acquire(['clock'])).toEqual(['clock']);
      expect((await a.leases.holders()).get('clock')).toBe(b.member.id);
    });

    it('a task moves within one lease and one tick after its holder stops renewing (kill -9)', async () => {
      const [a, b, c] = await spawnMany(3);
      if (!a || !b || !c) throw new Error('three processes expected');
      a.wanted = ['clock'];
      await a.tick();
      expect(a.held).toEqual(['clock']);
      b.wanted = ['clock'];
      c.wanted = ['clock'];
      await b.tick();
      expect(b.held).toEqual([]);
      a.kill();
      const killed = a.lastRenewal;
      await vi.waitFor(() => expect([...b.held, ...c.held]).toEqual(['clock']), {
        timeout: LEASE + a.member.tickInterval + SLACK,
        interval: 20,
      });
      expect(Date.now() - killed).toBeLessThanOrEqual(LEASE + a.member.tickInterval + SLACK);
      const holder = b.held.length > 0 ? b : c;
      expect((await holder.leases.holders()).get('clock')).toBe(holder.member.id);
      // It stays with the new holder while that renews.
      await holder.tick();
      await (holder === b ? c : b).tick();
      expect([...b.held, ...c.held]).toEqual(['clock']);
    });

    it('a holder that stalled past its lease gets nothing back and learns it was declared dead', async () => {
      const [a, b] = await spawnMany(2);
      if (!a || !b) throw new Error('two processes expected');
      a.wanted = ['clock'];
      await a.tick();
      a.kill();
      b.wanted = ['clock'];
      await vi.waitFor(() => expect(b.held).toEqual(['clock']), { timeout: LEASE + SLACK, interval: 20 });
      expect(await a.leases.acquire(['clock'])).toEqual([]);
      await vi.waitFor(() => expect(b.claimed).toEqual([a.member.id]), { timeout: LEASE + SLACK });
      expect((await a.member.tick()).alive).toBe(false);
      expect(await a.leases.acquire(['clock'])).toEqual([]);
      expect((await b.leases.holders()).get('clock')).toBe(b.member.id);
    });
  });
}
