import { type App, createApp, defineState, isStateError, type UploadedFile, uploadHandler } from '@core/state';
import type { ActionDelivery, ClientCallRequest } from '@core/state/internal';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { attachTransport } from './helpers.js';

declare module '@core/state' {
  interface ClientFunctions {
    width: { payload: void; result: number };
    echo: { payload: string; result: string };
    nothing: { payload: void; result: void };
    anything: { payload: void; result: unknown };
  }
}

const Ui = defineState('ui', {
  vars: { n: 0, answer: 0, file: '', nothing: 'unset' as unknown },
  events: {
    *steps(s, _: void, ctx) {
      s.n = 1;
      ctx.client.toast('one');
      yield;
      s.n = 2;
      ctx.client.redirect('/two', { replace: true });
      ctx.client.download({ data: 'hello', filename: 'report.txt', mimeType: 'text/plain' });
    },
    fails(s, _: void, ctx) {
      s.n = 99;
      ctx.client.toast('never');
      throw new Error('boom');
    },
    badHref(_s, _p: void, ctx) {
      ctx.client.redirect('javascript:alert(1)');
    },
    async ask(s, _: void, ctx) {
      ctx.client.toast('before');
      s.answer = await ctx.client.call('width');
    },
    async askNothing(s, _: void, ctx) {
      s.nothing = await ctx.client.call('nothing');
    },
    async askChecked(s, _: void, ctx) {
      const width = await ctx.client.call('anything', undefined, { schema: z.coerce.number().int().min(0) });
      expectTypeOf(width).toEqualTypeOf<number>();
      s.answer = width;
    },
    async askLarge(s, maxBytes: number | undefined, ctx) {
      const text = await ctx.client.call('anything', undefined, { maxBytes, timeout: 10_000 });
      s.file = String(text).slice(0, 10);
    },
    async askShort(s, _: void, ctx) {
      s.answer = await ctx.client.call('width', undefined, { timeout: 20 });
    },
    receive: uploadHandler((s, file) => {
      s.file = `${file.name}:${file.size}`;
    }),
  },
  background: {
    async notify(task) {
      task.client.toast('from a task');
    },
    async modifyThenToast(task) {
      await task.modify((s, tx) => {
        tx.client.toast('after the block');
        s.n = 5;
      });
    },
  },
});

function record(app: ReturnType<typeof createApp>) {
  const log: string[] = [];
  transports.get(app)?.add({
    update: (_token, update) => log.push(`patch ${update.seq}`),
    action: (token, delivery: ActionDelivery) =>
      log.push(`action ${token} ${delivery.target ?? '*'} ${delivery.actions.map((a) => JSON.stringify(a)).join(' ')}`),
  });
  return log;
}

/** Each app's stand-in transport (resolved when the app is made, before it serves a token). */
const transports = new WeakMap<App, ReturnType<typeof attachTransport>>();

function createTestApp(options: Parameters<typeof createApp>[0]): App {
  const app = createApp(options);
  transports.set(app, attachTransport(app));
  return app;
}

describe('client actions', () => {
  it('reach the page that fired the event after the update of the same commit, in order', async () => {
    const app = createTestApp({ states: [Ui] });
    await app.hydrate('t');
    const log = record(app);
    await app.dispatch('t', Ui.steps(), { page: 'page-a' });
    expect(log).toEqual([
      'patch 1',
      'action t page-a {"type":"toast","message":"one"}',
      'patch 2',
      'action t page-a {"type":"redirect","href":"/two","replace":true} {"type":"download","data":"hello","filename":"report.txt","mimeType":"text/plain"}',
    ]);
  });

  it('are dropped with the changes of a handler that throws', async () => {
    const app = createTestApp({ states: [Ui] });
    const log = record(app);
    await expect(app.dispatch('t', Ui.fails(), { page: 'p' })).rejects.toThrow(/boom/);
    expect(log).toEqual([]);
  });

  it('refuse a javascript: URL (nothing is evaluated in the page)', async () => {
    const app = createTestApp({ states: [Ui] });
    const error = await app.dispatch('t', Ui.badHref()).catch((e) => e);
    expect(isStateError(error, 'INVALID_ACTION')).toBe(true);
    expect(error.message).toMatch(/only relative, http\(s\) and mailto URLs/);
  });

  it('from a background task go to every page of the token', async () => {
    const app = createTestApp({ states: [Ui] });
    const log = record(app);
    await app.dispatch('t', Ui.notify());
    await app.idle();
    expect(log).toEqual(['action t * {"type":"toast","message":"from a task"}']);
  });

  it('from a task.modify block go to every page after the block commits', async () => {
    const app = createTestApp({ states: [Ui] });
    await app.hydrate('t');
    const log = record(app);
    await app.dispatch('t', Ui.modifyThenToast());
    await app.idle();
    expect(log).toEqual(['patch 1', 'action t * {"type":"toast","message":"after the block"}']);
  });
});

describe('client actions of a shared document', () => {
  const Board = defineState('board', { scope: 'app', vars: { note: '' } });

  it('go to the pages that show it, after its update', async () => {
    const app = createTestApp({ states: [Ui, Board] });
    const log = record(app);
    await app.modifyState({ scope: 'app' }, async (tx) => {
      (await tx.get(Board)).note = 'hi';
      tx.client.toast('posted');
    });
    expect(log).toEqual(['patch 1', 'action @app * {"type":"toast","message":"posted"}']);
  });
});

describe('client calls', () => {
  it('send pending actions first and resolve with the page answer', async () => {
    const app = createTestApp({ states: [Ui] });
    const log = record(app);
    const requests: ClientCallRequest[] = [];
    transports.get(app)?.add({
      call: async (_token, request) => {
        requests.push(request);
        log.push('call');
        return { ok: true, value: 1280 };
      },
    });
    await app.dispatch('t', Ui.ask(), { page: 'page-a' });
    expect(requests).toEqual([
      { target: 'page-a', name: 'width', payload: undefined, timeout: 10_000, maxBytes: 65_536 },
    ]);
    expect(log.slice(0, 2)).toEqual(['action t page-a {"type":"toast","message":"before"}', 'call']);
    expect((await app.snapshot('t')).ui.answer).toBe(1280);
  });

  // Regression (issue 28): an answer without a value (the function returned undefined, which
  // JSON drops) gave the handler undefined, and storing it failed the step.
  it('resolve with null for a function that returned nothing', async () => {
    const app = createTestApp({ states: [Ui] });
    transports.get(app)?.add({ call: async () => ({ ok: true }) as never });
    await app.dispatch('t', Ui.askNothing());
    expect((await app.snapshot('t')).ui.nothing).toBeNull();
  });

  // Issue 23, item 8: a page's answer went into the state unchecked (a string in a number var, 60 kB).
  it('refuse an answer over maxBytes (64 KiB by default) at once, saying it was too large', async () => {
    const app = createTestApp({ states: [Ui] });
    transports.get(app)?.add({ call: async () => ({ ok: true, value: 'x'.repeat(70_000) }) });
    const started = Date.now();
    const error = await app.dispatch('t', Ui.askLarge(undefined)).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000); // not the 10 s timeout
    expect(isStateError(error, 'CLIENT_CALL')).toBe(true);
    expect(error.message).toMatch(/\(TOO_LARGE\): the answer is 70002 bytes of JSON, over the 65536 allowed/);
    await app.dispatch('t', Ui.askLarge(100_000));
    expect((await app.snapshot('t')).ui.file).toBe('xxxxxxxxxx');
  });

  it('check the answer with the schema given, and resolve with its output', async () => {
    const app = createTestApp({ states: [Ui] });
    let answer: unknown = 'wide';
    transports.get(app)?.add({ call: async () => ({ ok: true, value: answer }) });
    const error = await app.dispatch('t', Ui.askChecked()).catch((e) => e);
    expect(isStateError(error, 'CLIENT_CALL')).toBe(true);
    expect(error.message).toMatch(/\(INVALID_ANSWER\): its schema refused the answer: /);
    expect((await app.snapshot('t')).ui.answer).toBe(0);
    answer = '1280';
    await app.dispatch('t', Ui.askChecked());
    expect((await app.snapshot('t')).ui.answer).toBe(1280); // the schema's output (coerced)
  });

  it('fail the handler with CLIENT_CALL when the page has no such function', async () => {
    const app = createTestApp({ states: [Ui] });
    transports.get(app)?.add({
      call: async () => ({ ok: false, error: { code: 'UNKNOWN_FUNCTION', message: 'no function "width"' } }),
    });
    const error = await app.dispatch('t', Ui.ask()).catch((e) => e);
    expect(isStateError(error, 'CLIENT_CALL')).toBe(true);
    expect(error.message).toMatch(/UNKNOWN_FUNCTION.*registerClientFunction\("width"/);
  });

  it('time out with a clear error when no page answers', async () => {
    const app = createTestApp({ states: [Ui] });
    transports.get(app)?.add({ call: () => new Promise(() => {}) });
    const error = await app.dispatch('t', Ui.askShort()).catch((e) => e);
    expect(error.message).toMatch(/TIMEOUT.*20 ms/);
  });

  it('fail with NO_PAGE when no transport is attached', async () => {
    const app = createApp({ states: [Ui] });
    const error = await app.dispatch('t', Ui.ask()).catch((e) => e);
    expect(error.message).toMatch(/NO_PAGE/);
  });
});

describe('upload handlers', () => {
  const file: UploadedFile = { name: 'a.txt', type: 'text/plain', size: 3, path: '/tmp/x' };

  it('cannot be fired by a page as an event (its path would be forged)', async () => {
    const app = createTestApp({ states: [Ui] });
    const error = await app.dispatch('t', Ui.receive(file), { origin: 'client' }).catch((e) => e);
    expect(isStateError(error, 'FORBIDDEN_HANDLER')).toBe(true);
    expect(error.message).toMatch(/useUpload/);
  });

  it('run for an upload, and an upload cannot reach another handler', async () => {
    const app = createTestApp({ states: [Ui] });
    await app.dispatch('t', Ui.receive(file), { origin: 'upload' });
    expect((await app.snapshot('t')).ui.file).toBe('a.txt:3');
    const error = await app.dispatch('t', Ui.steps(), { origin: 'upload' }).catch((e) => e);
    expect(error.message).toMatch(/does not take uploads/);
  });
});
