import { encodeUpdate, patchMessage, ReplayLog, resolveReplayLogOptions } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

// The memory manager bounds its replay log by each update's JSON, made once per update: the same
// text the socket then sends (with the document's epoch and source appended).
describe('replay log', () => {
  it("counts an update's bytes with the JSON the socket sends, made once", () => {
    const updates: StateUpdate[] = [
      { seq: 12, patches: [{ op: 'replace', path: ['list', 'items', 4_999, 'done'], value: true }], eventId: 'a-1' },
      { seq: 1, patches: [{ op: 'add', path: ['s', 'rows'], value: [null, false, -17, 'é', {}, [], { k: 'v' }] }] },
    ];
    for (const update of updates) {
      expect(encodeUpdate(update)).toBe(JSON.stringify(update));
      expect(encodeUpdate(update)).toBe(encodeUpdate(update));
    }
    const message = patchMessage(updates[0], '@room:lobby', 'e1');
    expect(message).toEqual({ ...updates[0], epoch: 'e1', source: '@room:lobby' });
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });

  it('drops the oldest updates once the estimated bytes pass the bound', () => {
    const update = (seq: number) => ({ seq, patches: [{ op: 'replace' as const, path: ['s', 'n'], value: seq }] });
    const size = JSON.stringify(update(5)).length;
    const log = new ReplayLog(resolveReplayLogOptions({ bytes: 2 * size }));
    for (let seq = 1; seq <= 5; seq++) log.record({ seq, epoch: 'e', shape: 'x', states: {} }, [update(seq)]);
    expect(log.since('e', 3)?.map((u) => u.seq)).toEqual([4, 5]);
    expect(log.since('e', 2)).toBeUndefined();
  });

  it('keeps exactly the last replayLog.updates updates over a long run, contiguous', () => {
    const log = new ReplayLog(resolveReplayLogOptions({ updates: 256 }));
    for (let seq = 1; seq <= 1_000; seq++) {
      log.record({ seq, epoch: 'e', shape: 'x', states: {} }, [{ seq, patches: [] }]);
    }
    expect(log.since('e', 744)?.map((u) => u.seq)).toEqual(Array.from({ length: 256 }, (_, i) => 745 + i));
    expect(log.since('e', 743)).toBeUndefined();
    expect(log.since('e', 999)?.map((u) => u.seq)).toEqual([1_000]);
  });

  it('refuses a negative or fractional bound with a message that says what to pass', () => {
    expect(() => resolveReplayLogOptions({ updates: -1 })).toThrow(/replayLog.updates must be a whole number/);
    expect(() => resolveReplayLogOptions({ bytes: 1.5 })).toThrow(/pass 0 to keep no log/);
  });
});
