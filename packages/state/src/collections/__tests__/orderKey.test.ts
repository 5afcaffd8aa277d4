import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integerOrderKey, isOrderKey, orderKeyBetween, orderKeysFor } from '../index.js';

describe('order keys', () => {
  it('integer keys sort as their integers, across signs and digit counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: -1e12, max: 1e12 }), (a, b) => {
        fc.pre(a !== b);
        const [ka, kb] = [integerOrderKey(a), integerOrderKey(b)];
        expect(isOrderKey(ka) && isOrderKey(kb)).toBe(true);
        expect(ka < kb).toBe(a < b);
      }),
    );
  });

  it('a key made between two neighbours sorts strictly between them, whatever the insert pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 300 }), (picks) => {
        const keys: string[] = [];
        for (const pick of picks) {
          const at = pick % (keys.length + 1);
          const key = orderKeyBetween(keys[at - 1] ?? null, keys[at] ?? null);
          expect(isOrderKey(key)).toBe(true);
          if (at > 0) expect(keys[at - 1] < key).toBe(true);
          if (at < keys.length) expect(key < keys[at]).toBe(true);
          keys.splice(at, 0, key);
        }
      }),
    );
  });

  it('stays short when a feed prepends or a chat appends 100,000 times', () => {
    let first: string | null = null;
    let last: string | null = null;
    for (let i = 0; i < 100_000; i++) {
      first = orderKeyBetween(null, first);
      last = orderKeyBetween(last, null);
    }
    expect(first?.length).toBeLessThanOrEqual(4);
    expect(last?.length).toBeLessThanOrEqual(4);
    expect(orderKeysFor(1_000_000).at(-1)?.length).toBeLessThanOrEqual(5);
  });

  it('grows by about one character per six inserts at the same place', () => {
    let low = 'a0';
    const high = 'a1';
    for (let i = 0; i < 60; i++) low = orderKeyBetween(low, high);
    expect(low.length).toBeLessThanOrEqual(2 + 12);
  });

  it('refuses bounds out of order and malformed keys', () => {
    expect(() => orderKeyBetween('a1', 'a0')).toThrow(RangeError);
    expect(() => orderKeyBetween('a1', 'a1')).toThrow(RangeError);
    expect(() => orderKeyBetween('x', null)).toThrow(/not an order key/);
    for (const bad of ['', 'a', 'a00', 'a10', 'b0A', 'Yz0', 'a1 ', 'a1-']) expect(isOrderKey(bad)).toBe(false);
  });
});
