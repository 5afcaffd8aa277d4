import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient } from '@core/react';
import { createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, expect, it } from 'vitest';
import { decodeDoc, encodeChanges } from '../redis/docCodec.js';

// Issue 28, bug 7: NaN, Infinity and -Infinity reach the page as numbers (as Reflex shows
// `42.9, NaN, Infinity, -Infinity`), through a hydrate and a patch, and survive the Redis codec.
const Edges = defineState('edges', {
  vars: { ratio: 0 },
  computed: { shown: () => [42.9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] },
  events: {
    divide(s, by: number) {
      s.ratio = -1 / by;
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-floats-'));
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

it('carries special floats to the page as numbers, in the hydrate and in patches', async () => {
  const app = createApp({ states: [Edges] });
  const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev: false });
  opened.push(server);
  const { url } = await server.listen(0);
  const map = new Map<string, string>();
  const storage = {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => map.set(key, value),
  };
  const client = new CoreClient({ url, storage });
  opened.push(client);
  await expect.poll(() => client.getState()?.edges).toBeDefined();
  expect(client.getState()?.edges.shown).toEqual([
    42.9,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ]);
  await client.dispatch(Edges.divide(0));
  expect(client.getState()?.edges.ratio).toBe(Number.NEGATIVE_INFINITY);
});

it('stores a document holding special floats in Redis fields and reads them back', () => {
  const doc = {
    seq: 1,
    epoch: 'e',
    shape: 'x',
    floats: true as const,
    states: {
      edges: { ratio: Number.NEGATIVE_INFINITY, list: [Number.NaN, 1, Number.POSITIVE_INFINITY], text: 'NaN' },
    },
  };
  const { set } = encodeChanges(undefined, doc);
  const fields: Record<string, string> = {};
  for (let i = 0; i < set.length; i += 2) fields[set[i]] = set[i + 1];
  expect(decodeDoc(fields)).toEqual(doc);
});
