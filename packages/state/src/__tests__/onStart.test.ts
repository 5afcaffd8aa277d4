import {
  type AppHandle,
  createApp,
  defineAppTask,
  defineState,
  type Logger,
  MemoryStateManager,
  silentLogger,
} from '@core/state';
import { resolveApp } from '@core/state/internal';
import { describe, expect, it, vi } from 'vitest';

const Seeded = defineState('seeded', { scope: 'app', vars: { runs: 0, seenByTask: -1 } });
/** Records how many seed runs it found when it first ran. */
const check = defineAppTask('check', async (task) => {
  await task.modify({ scope: 'app' }, async (tx) => {
    const seeded = await tx.get(Seeded);
    seeded.seenByTask = seeded.runs;
  });
});

/** The seed of the docs: idempotent under the app document's lock. */
const seed = vi.fn((app: AppHandle) =>
  app.modifyState({ scope: 'app' }, async (tx) => {
    const seeded = await tx.get(Seeded);
    if (seeded.runs === 0) seeded.runs += 1;
  }),
);

describe('createApp({ onStart })', () => {
  it('runs once, when the host resolves the app, before its app tasks start; started() waits for it', async () => {
    seed.mockClear();
    const app = createApp({ states: [Seeded], tasks: [check], onStart: seed });
    expect(seed).not.toHaveBeenCalled(); // creating the app runs nothing
    const port = resolveApp(app);
    await port.started();
    expect(seed).toHaveBeenCalledTimes(1);
    expect((await app.snapshot('t')).seeded.runs).toBe(1);
    await vi.waitFor(async () => expect((await app.snapshot('t')).seeded.seenByTask).toBe(1));
    await app.appTasks.replace([check]); // a reload restarts the tasks, not onStart
    expect(seed).toHaveBeenCalledTimes(1);
    await app.close();
  });

  it('on every process of a cluster, each run finding what the first did under the lock', async () => {
    seed.mockClear();
    const manager = new MemoryStateManager();
    const apps = [0, 1].map(() => createApp({ states: [Seeded], stateManager: manager, onStart: seed }));
    await Promise.all(apps.map((app) => resolveApp(app).started()));
    expect(seed).toHaveBeenCalledTimes(2);
    expect((await apps[1]?.snapshot('t'))?.seeded.runs).toBe(1);
    for (const app of apps) await app.close();
  });

  it('a throw is what started() rejects with, logged, and the app tasks do not start', async () => {
    const errors: unknown[] = [];
    const logger: Logger = { ...silentLogger, error: (message, details) => errors.push([message, details?.error]) };
    const broken = new Error('no seed file');
    const app = createApp({ states: [Seeded], tasks: [check], logger, onStart: () => Promise.reject(broken) });
    await expect(resolveApp(app).started()).rejects.toBe(broken);
    await vi.waitFor(() => expect(errors).toEqual([["The app's onStart failed; its app tasks do not start", broken]]));
    expect(app.appTasks.list()).toMatchObject([{ name: 'check', state: 'waiting', runs: 0 }]);
    expect((await app.snapshot('t')).seeded.seenByTask).toBe(-1);
    await app.close();
  });
});
