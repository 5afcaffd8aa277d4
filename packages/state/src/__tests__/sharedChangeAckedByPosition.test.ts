import { createApp, defineState, type EventSpec, MemoryStateManager, silentLogger } from '@core/state';
import { type AppPort, resolveApp } from '@core/state/internal';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The page's ack of an event that changed shared documents goes ahead of their updates (which
 * carry no event id: every page of the document gets them) and names where each landed; see the
 * server's test of the same name. Here the runtime's side: the order of the outcome and the
 * updates with a store that answers later (as Redis does), and a store that fails midway.
 */

const Counter = defineState('counter', {
  scope: 'app',
  vars: { n: 0 },
  events: {
    add(s) {
      s.n += 1;
    },
  },
});
const Tab = defineState('tab', {
  vars: { adds: 0 },
  events: {
    async addBoth(s, _: void, ctx) {
      s.adds += 1;
      (await ctx.get(Counter)).n += 1;
    },
  },
});

type Lease = Awaited<ReturnType<MemoryStateManager['lock']>>;

/** A memory store that grants no lock at once and answers every write on a later turn; `refuse` fails one key's release. */
class LaterStore extends MemoryStateManager {
  refuse: string | undefined;

  override tryLock(): undefined {
    return undefined;
  }

  override async lock(token: string): Promise<Lease> {
    const lease = await super.lock(token);
    const refuse = () => this.refuse === token;
    const later: Lease = {
      token: lease.token,
      doc: lease.doc,
      save: async (doc, updates) => lease.save(doc, updates),
      release: async (doc, updates) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (refuse()) {
          await lease.release();
          throw new Error('the store refused the write');
        }
        return lease.release(doc, updates);
      },
    };
    return later;
  }
}

const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** An app on `store` whose port records the updates sent and the outcome, in the order they come. */
function recordingPort(store: MemoryStateManager) {
  const seen: unknown[] = [];
  const app = createApp({ states: [Counter, Tab], logger: silentLogger });
  apps.push(app);
  const port: AppPort = resolveApp(app, {
    stateManager: store,
    logger: silentLogger,
    listener: { update: (key, update) => seen.push({ key, seq: update.seq, eventId: update.eventId }) },
  });
  const dispatch = (event: EventSpec<unknown>, id: string) =>
    new Promise<void>((resolve) =>
      port.dispatch('tab-1', event, { origin: 'client', id }, (outcome) => {
        seen.push(outcome.ok ? { ok: true, after: outcome.after } : { ok: false });
        resolve();
      }),
    );
  return { app, seen, dispatch };
}

describe('an event that changed shared documents, with a store that answers later', () => {
  it('ends with its positions before any of its updates is sent, none carrying its id', async () => {
    const { app, seen, dispatch } = recordingPort(new LaterStore());
    await app.snapshot('tab-1');
    seen.length = 0;
    await dispatch(Tab.addBoth(), 'p-0');
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual([
      { ok: true, after: [{ source: '@app', seq: 1 }, { seq: expect.any(Number) }] },
      { key: '@app', seq: 1, eventId: undefined },
      { key: 'tab-1', seq: expect.any(Number), eventId: undefined },
    ]);
  });

  it('still sends what was stored when a later write fails, and the event fails without positions', async () => {
    const store = new LaterStore();
    const { app, seen, dispatch } = recordingPort(store);
    await app.snapshot('tab-1');
    seen.length = 0;
    store.refuse = 'tab-1';
    await dispatch(Tab.addBoth(), 'p-0');
    // The app's document was stored before the tab's write failed: its pages get that update.
    expect(seen).toEqual([{ key: '@app', seq: 1, eventId: undefined }, { ok: false }]);
  });

  it('a page event of one shared state alone is told by position as well; a server dispatch is not', async () => {
    const { app, seen, dispatch } = recordingPort(new MemoryStateManager());
    await dispatch(Counter.add(), 'p-0');
    expect(seen).toEqual([
      { ok: true, after: [{ source: '@app', seq: 1 }] },
      { key: '@app', seq: 1, eventId: undefined },
    ]);
    seen.length = 0;
    await app.dispatch('tab-1', Counter.add());
    expect(seen).toEqual([{ key: '@app', seq: 2, eventId: undefined }]);
  });
});
