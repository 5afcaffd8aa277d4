import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventTiming, resolveTiming } from '../eventTiming.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function recorder() {
  const sent: { args: string; at: number }[] = [];
  const timing = new EventTiming<[string]>(([value]) => {
    sent.push({ args: value, at: Date.now() });
    return Promise.resolve();
  });
  return { sent, timing, start: Date.now() };
}

describe('EventTiming', () => {
  it('debounce sends only the last call, once calls have paused for the wait, and merges the promises', async () => {
    const { sent, timing, start } = recorder();
    const calls = ['h', 'he', 'hel'].map((text) => {
      const done = timing.call([text], { debounce: 150 });
      vi.advanceTimersByTime(100); // typing faster than the wait
      return done;
    });
    expect(sent).toEqual([]);
    expect(timing.waiting).toBe(true);
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([{ args: 'hel', at: start + 200 + 150 }]);
    await expect(Promise.all(calls)).resolves.toEqual([undefined, undefined, undefined]);
    expect(timing.waiting).toBe(false);
  });

  it('throttle with a trailing edge sends the first call at once and the last of the wait when it ends, at most once per wait', () => {
    const { sent, timing, start } = recorder();
    for (let i = 0; i < 10; i++) {
      void timing.call([`click ${i}`], { throttle: { wait: 500, trailing: true } });
      vi.advanceTimersByTime(20);
    }
    expect(sent).toEqual([{ args: 'click 0', at: start }]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([
      { args: 'click 0', at: start },
      { args: 'click 9', at: start + 500 },
    ]);
    // After a quiet wait the next call goes at once again.
    void timing.call(['later'], { throttle: { wait: 500, trailing: true } });
    expect(sent.at(-1)).toEqual({ args: 'later', at: Date.now() });
  });

  it("throttle (Reflex's meaning, the default) drops the calls inside the wait; without leading it sends only the last", async () => {
    const leading = recorder();
    const first = leading.timing.call(['a'], { throttle: 500 });
    const dropped = leading.timing.call(['b'], { throttle: 500 });
    await expect(dropped).resolves.toBeUndefined();
    vi.advanceTimersByTime(600);
    await first;
    expect(leading.sent.map((s) => s.args)).toEqual(['a']);

    const trailing = recorder();
    void trailing.timing.call(['a'], { throttle: { wait: 500, leading: false, trailing: true } });
    void trailing.timing.call(['b'], { throttle: { wait: 500, leading: false, trailing: true } });
    expect(trailing.sent).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(trailing.sent.map((s) => s.args)).toEqual(['b']);
  });

  it('flush sends what waits at once (a field unmounting keeps its last keystrokes)', () => {
    const { sent, timing } = recorder();
    void timing.call(['draft'], { debounce: 1_000 });
    timing.flush();
    expect(sent.map((s) => s.args)).toEqual(['draft']);
    vi.advanceTimersByTime(2_000);
    expect(sent).toHaveLength(1);
  });

  it('refuses debounce with throttle, and a wait that is not a number of milliseconds', () => {
    expect(() => resolveTiming({ debounce: 100, throttle: 100 })).toThrow(/debounce or throttle, not both/);
    expect(() => resolveTiming({ debounce: -1 })).toThrow(/debounce must be a number of milliseconds ≥ 0, got -1/);
    expect(() => resolveTiming({ throttle: { wait: Number.NaN } })).toThrow(/throttle must be/);
    expect(resolveTiming({ throttle: 500 }).throttle).toEqual({ wait: 500, leading: true, trailing: false });
  });
});
