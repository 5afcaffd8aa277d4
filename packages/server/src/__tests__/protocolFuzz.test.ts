import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CoreClient } from '@core/react';
import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';

// The fuzz test of issue 10: real socket.io clients send 100,000 random and malformed messages;
// the server must stay up, answer every event that has an id, keep memory bounded and leave an
// honest page next to them unaffected.

const Target = defineState('target', {
  vars: { n: 0, items: [] as unknown[], text: '', _secret: 'backend' },
  computed: { size: (s) => s.items.length },
  events: {
    add(s, by: number) {
      s.n += typeof by === 'number' && Number.isFinite(by) ? by : 1;
    },
    push(s, item: unknown) {
      if (s.items.length < 50) s.items.push(item);
      else s.items = [];
    },
    setText(s, text: string) {
      s.text = String(text).slice(0, 100);
    },
    fail() {
      throw new Error('handler failure');
    },
    _backend(s) {
      s._secret = 'changed';
    },
  },
  background: {
    async tick(task) {
      await task.modify((s) => {
        s.n += 0;
      });
    },
  },
});

const MESSAGES = 100_000;
const BATCH = 2_000;
const FUZZERS = 4;

const names = fc.constantFrom('add', 'push', 'setText', 'fail', '_backend', 'tick', 'nope', '__proto__', 'constructor');
const states = fc.constantFrom('target', 'nope', '__proto__', '', 'x'.repeat(200));
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 40 }),
);
/** One message a hostile or buggy page may send: [socket.io event name, payload, id-or-undefined]. */
const message = fc.oneof(
  // Well-formed events with hostile payloads.
  fc.record({ state: states, name: names, payload: junk }).map((m) => ['core:event', m] as const),
  // Events missing or mistyping fields.
  fc
    .record({ id: fc.oneof(fc.string({ maxLength: 80 }), fc.integer(), fc.constant(null)), state: junk, name: junk })
    .map((m) => ['core:event', m] as const),
  // Not an object at all.
  junk.map((m) => ['core:event', m] as const),
  // Deeply nested payloads (a stack overflow stopped these before the depth limit).
  fc
    .oneof({ arbitrary: fc.integer({ min: 30, max: 120 }), weight: 20 }, { arbitrary: fc.constant(2_000), weight: 1 })
    .map((depth) => {
      let payload: unknown = 0;
      for (let i = 0; i < depth; i++) payload = [payload];
      return ['core:event', { state: 'target', name: 'push', payload }] as const;
    }),
  // Resync floods and unknown message names.
  fc.constant(['core:resync', undefined] as const),
  fc.tuple(fc.string({ maxLength: 30 }), junk).map(([name, payload]) => [name, payload] as const),
);

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-fuzz-'));
let server: CoreServer | undefined;
afterAll(async () => {
  await server?.close();
});

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1_048_576;
}

describe('protocol fuzz', () => {
  it('survives 100,000 random and malformed messages: up, answering, bounded, other pages unaffected', async () => {
    const app = createApp({ states: [Target], maxTasksPerToken: 20 });
    server = createServer({ app, secret: 'fuzz-secret-0123456789', cwd, logger: silentLogger, dev: false });
    const { url } = await server.listen(0);

    const honest = new CoreClient({ url, storage: { getItem: () => null, setItem: () => {} } });
    await expect.poll(() => honest.getStatus()).toBe('connected');

    const fuzzers: { socket: Socket; answered: Set<string> }[] = [];
    for (let i = 0; i < FUZZERS; i++) {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      const answered = new Set<string>();
      socket.on('core:ack', (ack: { id: string }) => answered.add(ack.id));
      socket.on('core:patch', (update: { eventId?: string }) => update.eventId && answered.add(update.eventId));
      await new Promise<void>((resolve, reject) => {
        socket.once('core:hydrate', () => resolve());
        socket.once('connect_error', reject);
      });
      fuzzers.push({ socket, answered });
    }
    const baseline = heapMb();

    let generated: (readonly [string, unknown])[] = fc.sample(message, { numRuns: MESSAGES, seed: 42 });
    const expected: { fuzzer: number; id: string }[] = [];
    let honestTotal = 0;
    for (let start = 0; start < generated.length; start += BATCH) {
      generated.slice(start, start + BATCH).forEach(([name, payload], i) => {
        const fuzzer = (start + i) % FUZZERS;
        if (name === 'core:event' && typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
          // Give most events a unique, valid id so their answers can be counted; keep the fuzzed one otherwise.
          if (!('id' in payload)) {
            const id = `f${start + i}`;
            expected.push({ fuzzer, id });
            fuzzers[fuzzer].socket.emit(name, { ...payload, id });
            return;
          }
        }
        fuzzers[fuzzer].socket.emit(name, payload);
      });
      // The honest page keeps working in between; each batch waits for its event (a barrier).
      await honest.dispatch({ state: 'target', name: 'add', payload: 1 });
      honestTotal += 1;
    }

    // Every event with a usable id got an answer, and every fuzzer is still connected.
    generated = [];
    const unanswered = () => expected.filter(({ fuzzer, id }) => !fuzzers[fuzzer].answered.has(id)).length;
    await expect.poll(unanswered, { timeout: 30_000, interval: 200 }).toBe(0);
    expect(fuzzers.every((f) => f.socket.connected)).toBe(true);
    expect(expected.length).toBeGreaterThan(MESSAGES / 10);

    // The honest page's count is exact: fuzzers have their own tokens and cannot touch it.
    await expect.poll(() => honest.getState()?.target.n).toBe(honestTotal);
    expect(honest.getState()?.target).not.toHaveProperty('_secret');

    for (const f of fuzzers) f.socket.disconnect();
    await app.idle();
    honest.close();
    // Memory returns near its baseline once the fuzzers are gone (their documents stay, bounded).
    expect(heapMb() - baseline).toBeLessThan(64);
  }, 240_000);
});
