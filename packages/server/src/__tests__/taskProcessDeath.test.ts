import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisStateManager } from '@core/server/redis';
import { type App, createApp } from '@core/state';
import { WatchedProcess } from '@core/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { Work } from './support/taskProcess.mjs';

const redis = useRedisServer();
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'taskProcess.mjs');
/** The default taskLease (3 s) plus one tick (1 s): when a survivor has ended a dead process's tasks. */
const BOUND = 4_000;

describe.skipIf(!redis)('a process running tasks is killed (SIGKILL)', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((fn) => fn()));
  });

  it('the other process runs onTaskEnd (process died) for a plain task and resumes a resumable one, within the lease bound', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const token = `killed-${randomUUID()}`;
    const child = new WatchedProcess(process.execPath, [script], {
      env: { TASK_PROCESS_MAIN: '1', REDIS_URL: redis?.url, KEY_PREFIX: keyPrefix, TOKEN: token },
    });
    cleanup.push(() => child.kill());
    await child.waitForOutput('tasks running');

    const survivor: App = createApp({
      states: [Work],
      stateManager: await createRedisStateManager({ url: redis?.url, keyPrefix }),
    });
    cleanup.push(() => survivor.close());
    await survivor.dispatch(token, Work.list());
    expect((await survivor.snapshot(token)).work.listed).toEqual(['durable', 'plain']);

    await child.kill();
    // Polled: the bound is what the registry promises (lease + one tick), plus slack for the steps.
    await vi.waitFor(
      async () => {
        const { work } = await survivor.snapshot(token);
        expect(work.ends).toEqual(['plain process died']);
        expect(work.running).toBe(false);
        expect(work.resumedRuns).toBe(1);
      },
      { timeout: BOUND + 2_000, interval: 50 },
    );
    expect([...survivor.backgroundTasks].map((task) => task.name)).toEqual(['work.durable']);
    await survivor.dispatch(token, Work.list());
    expect((await survivor.snapshot(token)).work.listed).toEqual(['durable']);
    // The resumed task is the survivor's now: a restart of the plain one runs here.
    await survivor.dispatch(token, Work.plain());
    await vi.waitFor(async () => expect((await survivor.snapshot(token)).work.running).toBe(true));
  });
});
