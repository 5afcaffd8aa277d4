import { consoleLogger, foldRepeatedLogs } from '@core/server';
import { type Logger, StateError } from '@core/state';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Issue 23 item 11: a 7 s Redis outage with 20 tabs wrote megabytes of log (a full stack per failed
 * event), and a flood of wrong-typed stored values 0.6 MB in 10 s. The first entry of a kind is
 * logged with its stack, then repeats are counted per interval.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function recorder() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const entry = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push({ level, message, details });
  const logger: Logger = { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
  return { lines, logger };
}

const outage = (token: string) =>
  new StateError('STORE_UNAVAILABLE', `Cannot lock token "${token}": Redis at redis://127.0.0.1:6379 is unreachable.`);

describe('foldRepeatedLogs', () => {
  it('passes the first entry of a kind on with its error, counts the repeats and reports them once per interval', () => {
    const { lines, logger } = recorder();
    const log = foldRepeatedLogs(logger, { interval: 10_000 });
    for (let i = 0; i < 500; i++) {
      const error = outage(`tok${i}`);
      log.error(error.message, { token: `tok${i}`, handler: 'bg.increment', error });
    }
    expect(lines).toHaveLength(1);
    expect(lines[0].details?.error).toBeInstanceOf(StateError);
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      level: 'error',
      message: expect.stringMatching(
        /^\[core\/state\] Cannot lock token "tok0": .* \(repeated 499 times in the last 10 s\)$/,
      ),
      details: undefined,
    });
    // Still failing: one count line per interval, no stack.
    for (let i = 0; i < 300; i++) log.error(outage('t').message, { handler: 'bg.increment', error: outage('t') });
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(3);
    expect(lines[2].message).toMatch(/repeated 300 times/);
    // A whole quiet interval forgets the kind: its next entry is logged in full again.
    vi.advanceTimersByTime(20_000);
    expect(lines).toHaveLength(3);
    log.error(outage('x').message, { handler: 'bg.increment', error: outage('x') });
    expect(lines).toHaveLength(4);
    expect(lines[3].details?.error).toBeInstanceOf(StateError);
  });

  it('tells kinds apart by level, handler, error code and the fixed words of the message', () => {
    const { lines, logger } = recorder();
    const log = foldRepeatedLogs(logger);
    log.error('Handler "a.x" failed: boom', { handler: 'a.x', error: new Error('boom') });
    log.error('Handler "b.y" failed: boom', { handler: 'b.y', error: new Error('boom') });
    log.warn('Handler "a.x" failed: boom', { handler: 'a.x', error: new Error('boom') });
    log.error('Handler "a.x" failed: boom', { handler: 'a.x', error: outage('t') });
    log.error('A different failure', { handler: 'a.x' });
    expect(lines).toHaveLength(5);
    log.error('Handler "a.x" failed: boom', { handler: 'a.x', error: new Error('boom') });
    expect(lines).toHaveLength(5);
  });

  it('bounds the kinds it tracks: entries past the bound are counted in one line', () => {
    const { lines, logger } = recorder();
    const log = foldRepeatedLogs(logger, { maxKinds: 3 });
    for (const word of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) log.info(`Kind ${word}`);
    expect(lines.map((line) => line.message)).toEqual(['Kind alpha', 'Kind beta', 'Kind gamma']);
    vi.advanceTimersByTime(10_000);
    expect(lines.at(-1)?.message).toMatch(/^2 log entries of further kinds were left out in the last 10 s/);
  });
});

describe('consoleLogger', () => {
  it('writes a flood of refused stored values as one line and a count, not one line each', () => {
    let written = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    const log = consoleLogger('info');
    for (let i = 0; i < 10_000; i++) {
      log.warn('A stored value from the page was refused', {
        token: `token-${i}`,
        key: 'local:theme',
        reason: `"${i}" is not a string`,
      });
    }
    vi.advanceTimersByTime(10_000);
    expect(written.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^\[core\] warn: A stored value from the page was refused \(token token-…\)$/),
      '[core] warn: A stored value from the page was refused (repeated 9999 times in the last 10 s)',
    ]);
  });

  it('with repeatInterval 0, writes every entry', () => {
    let lines = 0;
    vi.spyOn(process.stderr, 'write').mockImplementation(() => {
      lines += 1;
      return true;
    });
    const log = consoleLogger('info', { repeatInterval: 0 });
    for (let i = 0; i < 5; i++) log.warn('Same again');
    expect(lines).toBe(5);
  });
});
