import { expect, it } from 'vitest';
import { StateError } from '../errors.js';
import type { ReplayLogOptions, StateManager } from '../managers/index.js';
import type { StateUpdate } from '../protocol.js';
import type { TokenDoc } from '../scopes/index.js';

/** Options a conformance run passes to the manager factory. */
export interface ConformanceOptions {
  /** Milliseconds after which an unused token's state may be forgotten. */
  tokenExpiration?: number;
  /** Milliseconds after which the unused app-wide document (`@app`) may be forgotten; unset: never. */
  appExpiration?: number;
  /** Bounds of the replay log (managers without `updatesSince` ignore it). */
  replayLog?: ReplayLogOptions | false;
}

/** What the replay-log cases take from their conformance suite. */
export interface ReplayLogSuite {
  make(options?: ConformanceOptions): Promise<StateManager>;
  token(): string;
  doc(seq: number): TokenDoc;
}

/**
 * The replay log's part of the `StateManager` conformance suite (managers without
 * `updatesSince` pass it by having none): updates stored with each write, replayed after a `seq`
 * of the same epoch, bounded, started over at a hole, fenced like the document.
 */
export function replayLogCases({ make, token, doc }: ReplayLogSuite): void {
  const update = (seq: number, eventId?: string): StateUpdate => ({
    seq,
    patches: [{ op: 'replace', path: ['s', 'n'], value: seq }],
    ...(eventId ? { eventId } : {}),
  });
  const at = (seq: number, epoch = 'e1'): TokenDoc => ({ ...doc(seq), epoch });

  it('replays the updates stored after a seq, in order, across save and release', async () => {
    const manager = await make();
    if (!manager.updatesSince) return expect(manager.updatesSince).toBeUndefined();
    const t = token();
    await (await manager.lock(t)).release(at(0));
    await (await manager.lock(t)).release(at(1), [update(1, 'page-0')]);
    const lease = await manager.lock(t);
    await lease.save(at(3), [update(2), update(3)]);
    await lease.release(at(4), [update(4)]);
    expect(await manager.updatesSince(t, 'e1', 0)).toEqual({
      shape: 'x',
      updates: [update(1, 'page-0'), update(2), update(3), update(4)],
    });
    expect((await manager.updatesSince(t, 'e1', 2))?.updates).toEqual([update(3), update(4)]);
    expect((await manager.updatesSince(t, 'e1', 4))?.updates).toEqual([]);
    expect(await manager.updatesSince(t, 'e2', 2)).toBeUndefined(); // another document
    expect(await manager.updatesSince(t, 'e1', 5)).toBeUndefined(); // ahead of the document
    expect(await manager.updatesSince(token(), 'e1', 0)).toBeUndefined(); // no document
  });

  it('drops the oldest updates beyond replayLog.updates and replayLog.bytes', async () => {
    const manager = await make({ replayLog: { updates: 2, bytes: 10_000 } });
    if (!manager.updatesSince) return;
    const t = token();
    for (let seq = 1; seq <= 3; seq++) await (await manager.lock(t)).release(at(seq), [update(seq)]);
    expect(await manager.updatesSince(t, 'e1', 0)).toBeUndefined();
    expect((await manager.updatesSince(t, 'e1', 1))?.updates).toEqual([update(2), update(3)]);

    const small = await make({ replayLog: { updates: 100, bytes: JSON.stringify(update(10)).length + 5 } });
    const u = token();
    for (let seq = 1; seq <= 3; seq++) await (await small.lock(u)).release(at(seq), [update(seq)]);
    expect(await small.updatesSince?.(u, 'e1', 1)).toBeUndefined();
    expect((await small.updatesSince?.(u, 'e1', 2))?.updates).toEqual([update(3)]);
  });

  it('starts over when the document is recreated or its seq jumps, never replaying across the hole', async () => {
    const manager = await make();
    if (!manager.updatesSince) return;
    const t = token();
    await (await manager.lock(t)).release(at(1), [update(1)]);
    await (await manager.lock(t)).release(at(1, 'e2'), [update(1)]); // recreated: new epoch
    expect(await manager.updatesSince(t, 'e1', 0)).toBeUndefined();
    expect((await manager.updatesSince(t, 'e2', 0))?.updates).toEqual([update(1)]);
    await (await manager.lock(t)).release(at(5, 'e2')); // seq moved without its updates
    expect(await manager.updatesSince(t, 'e2', 1)).toBeUndefined();
    expect((await manager.updatesSince(t, 'e2', 5))?.updates).toEqual([]);
    await (await manager.lock(t)).release(at(6, 'e2'), [update(6)]);
    expect((await manager.updatesSince(t, 'e2', 5))?.updates).toEqual([update(6)]);
    expect(await manager.updatesSince(t, 'e2', 4)).toBeUndefined();
  });

  it('keeps no log with replayLog: false, and delete forgets it', async () => {
    const off = await make({ replayLog: false });
    const t = token();
    await (await off.lock(t)).release(at(1), [update(1)]);
    expect(await off.updatesSince?.(t, 'e1', 0)).toBeUndefined();
    const manager = await make();
    const u = token();
    await (await manager.lock(u)).release(at(1), [update(1)]);
    await manager.delete(u);
    expect(await manager.updatesSince?.(u, 'e1', 0)).toBeUndefined();
  });

  it('refuses a write that lost its lock without touching the log', async () => {
    const manager = await make();
    if (!manager.updatesSince) return;
    const t = token();
    const lease = await manager.lock(t);
    await lease.release(at(1), [update(1)]);
    await expect(lease.release(at(2), [update(2)])).rejects.toBeInstanceOf(StateError);
    expect((await manager.updatesSince(t, 'e1', 0))?.updates).toEqual([update(1)]);
  });
}
