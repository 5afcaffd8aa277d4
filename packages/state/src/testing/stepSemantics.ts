import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app/index.js';
import type { Chain } from '../definition/index.js';
import { defineState } from '../definition/index.js';
import { isStateError } from '../errors.js';
import type { StateManager } from '../managers/index.js';
import type { ErrorReport } from '../protocol.js';

/**
 * The meaning of `yield` and `return` in every caller of the locked step, as a Vitest suite run
 * against a state manager: events yielded in a `modify` block run after it commits, an event
 * returned by a background task runs, and an event creator where an event belongs (`return
 * S.next` without `()`) is an `INVALID_EVENT` error wherever it appears.
 *
 * @example
 * runStepSemanticsConformance('memory', () => new MemoryStateManager());
 */
export function runStepSemanticsConformance(name: string, create: () => Promise<StateManager> | StateManager): void {
  describe(`locked-step semantics: ${name}`, () => {
    const apps: ReturnType<typeof createApp>[] = [];
    let counter = 0;
    const token = () => `step-${Date.now().toString(36)}-${counter++}`;

    const Log = defineState('log', {
      vars: { entries: [] as string[], n: 0 },
      events: {
        note(s, entry: string) {
          s.entries.push(`${entry}@${s.n}`);
        },
        returnsCreator(s): Chain {
          s.n = 99;
          return Log.note as never;
        },
        *yieldsCreator(s): Generator<Chain> {
          s.n = 1;
          yield;
          s.n = 2;
          yield Log.note as never;
        },
        dispatchesCreator(s, _: void, ctx) {
          s.n = 5;
          ctx.dispatch(Log.note as never);
        },
      },
      background: {
        async modifyYields(task) {
          await task.modify(async function* (s) {
            s.n = 1;
            yield Log.note('first');
            s.n = 2;
            yield [Log.note('second'), Log.note('third')];
          });
        },
        async returnsEvent(task): Promise<Chain> {
          await task.modify((s) => {
            s.n = 7;
          });
          return Log.note('returned');
        },
        async *yieldsThenReturns(): AsyncGenerator<Chain, Chain> {
          yield Log.note('yielded');
          return Log.note('returned');
        },
        async taskReturnsCreator(): Promise<Chain> {
          return Log.note as never;
        },
        async modifyYieldsCreator(task) {
          await task.modify(async function* (s) {
            s.n = 3;
            yield Log.note as never;
          });
        },
      },
    });

    const start = async () => {
      const app = createApp({ states: [Log], stateManager: await create() });
      apps.push(app);
      return app;
    };

    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    it('dispatches events yielded inside a modify block after the block commits, in order', async () => {
      const app = await start();
      const t = token();
      await app.dispatch(t, Log.modifyYields());
      await app.idle();
      // Each event ran after the commit of the yield that produced it (it saw n = 2 already,
      // since the block ends before the queued events get the lock).
      expect((await app.snapshot(t)).log.entries).toEqual(['first@2', 'second@2', 'third@2']);
    });

    it('dispatches an event returned by a background task, after the events it yielded', async () => {
      const app = await start();
      const t = token();
      await app.dispatch(t, Log.returnsEvent());
      await app.idle();
      expect((await app.snapshot(t)).log.entries).toEqual(['returned@7']);
      await app.dispatch(t, Log.yieldsThenReturns());
      await app.idle();
      expect((await app.snapshot(t)).log.entries).toEqual(['returned@7', 'yielded@7', 'returned@7']);
    });

    it('refuses an event creator returned by a handler: INVALID_EVENT, nothing kept', async () => {
      const app = await start();
      const t = token();
      const errors: ErrorReport[] = [];
      app.subscribe(
        t,
        () => {},
        (error) => errors.push(error),
      );
      const failure = await app.dispatch(t, Log.returnsCreator()).catch((error: unknown) => error);
      expect(isStateError(failure, 'INVALID_EVENT')).toBe(true);
      expect((failure as Error).message).toContain('log.note is an event creator, not an event');
      expect((await app.snapshot(t)).log.n).toBe(0);
      expect(errors.map((e) => e.code)).toEqual(['INVALID_EVENT']);
    });

    it('refuses an event creator yielded by a generator handler: the commits before it stand', async () => {
      const app = await start();
      const t = token();
      const failure = await app.dispatch(t, Log.yieldsCreator()).catch((error: unknown) => error);
      expect(isStateError(failure, 'INVALID_EVENT')).toBe(true);
      expect((await app.snapshot(t)).log.n).toBe(1);
    });

    it('refuses an event creator passed to ctx.dispatch', async () => {
      const app = await start();
      const t = token();
      const failure = await app.dispatch(t, Log.dispatchesCreator()).catch((error: unknown) => error);
      expect(isStateError(failure, 'INVALID_EVENT')).toBe(true);
      expect((await app.snapshot(t)).log.n).toBe(0);
    });

    it('reports an event creator returned by a task or yielded in its modify block', async () => {
      const app = await start();
      const t = token();
      const errors: ErrorReport[] = [];
      app.subscribe(
        t,
        () => {},
        (error) => errors.push(error),
      );
      await app.dispatch(t, Log.modifyYieldsCreator());
      await app.idle();
      expect((await app.snapshot(t)).log.n).toBe(0); // the block's change was not committed
      await app.dispatch(t, Log.taskReturnsCreator());
      await app.idle();
      expect(errors.map((e) => [e.code, e.handler])).toEqual([
        ['INVALID_EVENT', 'log.modifyYieldsCreator'],
        ['INVALID_EVENT', 'log.taskReturnsCreator'],
      ]);
    });
  });
}
