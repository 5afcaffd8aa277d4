import { MemoryStateManager } from '@core/state';
import { runScopeConformance, runStateManagerConformance, runStepSemanticsConformance } from '@core/state/conformance';
import { describe, expect, it } from 'vitest';

runStateManagerConformance('MemoryStateManager', (options) => new MemoryStateManager(options));
runStepSemanticsConformance('MemoryStateManager', () => new MemoryStateManager());
runScopeConformance('MemoryStateManager', () => new MemoryStateManager());

describe('MemoryStateManager export / import (a graceful restart)', () => {
  it('round-trips every live token through plain JSON and skips expired ones', async () => {
    let now = 1_000_000;
    const before = new MemoryStateManager({ tokenExpiration: 60_000, now: () => now });
    const doc = (n: number) => ({ seq: n, shape: 's', states: { c: { n } } });
    await (await before.lock('old')).release(doc(1));
    now += 50_000;
    await (await before.lock('fresh')).release(doc(2));
    now += 20_000; // 'old' is now 70 s old: expired
    const snapshot = JSON.parse(JSON.stringify(before.export()));
    expect(Object.keys(snapshot.tokens)).toEqual(['fresh']);

    const after = new MemoryStateManager({ tokenExpiration: 60_000, now: () => now });
    expect(after.import(snapshot)).toBe(1);
    expect(await after.get('fresh')).toEqual(doc(2));
    expect(await after.get('old')).toBeUndefined();
    expect(() => after.import({ version: 2 } as never)).toThrow(/version: 1/);
  });
});
