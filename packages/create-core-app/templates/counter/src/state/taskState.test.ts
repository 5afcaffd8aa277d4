import { createApp } from '@core/state';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TaskState } from './taskState';

// The same app the server runs, driven directly: no server, no browser.
const app = createApp({ states: [TaskState] });
afterAll(() => app.close());

describe('TaskState', () => {
  it('counts up to the max in the background, then stops', async () => {
    await app.dispatch('tab-1', TaskState.setMaxCounter(2));
    await app.dispatch('tab-1', TaskState.toggleRunning());
    await app.idle(); // the background task has finished
    expect(await app.snapshot('tab-1')).toEqual({ task: { counter: 2, maxCounter: 2, running: false, remaining: 0 } });
  });

  it('keeps each tab apart', async () => {
    await app.dispatch('tab-2', TaskState.setMaxCounter(5));
    await app.dispatch('tab-2', TaskState.clearCounter());
    const { task } = await app.snapshot('tab-2');
    expect(task).toEqual({ counter: 0, maxCounter: 5, running: false, remaining: 5 });
  });

  it('stops on a second toggle: the task is cancelled and running goes back to false', async () => {
    await app.dispatch('tab-3', TaskState.setMaxCounter(1_000));
    await app.dispatch('tab-3', TaskState.toggleRunning());
    await vi.waitFor(async () => expect((await app.snapshot('tab-3')).task.running).toBe(true));
    await app.dispatch('tab-3', TaskState.toggleRunning());
    await app.idle();
    expect((await app.snapshot('tab-3')).task.running).toBe(false);
    expect(app.backgroundTasks.size).toBe(0);
  });
});
