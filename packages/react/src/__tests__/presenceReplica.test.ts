import { describe, expect, it } from 'vitest';
import { PresenceReplica } from '../presenceReplica.js';

const entry = (id: string, name = id) => ({ id, meta: { name } });

describe('PresenceReplica', () => {
  it('starts from a list, marks this page, and applies the next versions in order', () => {
    const replica = new PresenceReplica();
    expect(replica.ready).toBe(false);
    replica.reset({ version: 4, entries: [entry('a'), entry('me')], self: 'me' });
    expect(replica.peers).toEqual([
      { id: 'a', self: false, meta: { name: 'a' } },
      { id: 'me', self: true, meta: { name: 'me' } },
    ]);
    expect(replica.apply({ version: 5, kind: 'join', entry: entry('b') })).toBe('applied');
    expect(replica.apply({ version: 6, kind: 'update', entry: entry('a', 'Ada') })).toBe('applied');
    expect(replica.apply({ version: 7, kind: 'leave', entry: entry('me') })).toBe('applied');
    expect(replica.peers.map((peer) => [peer.id, peer.meta.name])).toEqual([
      ['a', 'Ada'],
      ['b', 'b'],
    ]);
  });

  it('ignores a change the list already has, and reports a missed one without applying anything', () => {
    const replica = new PresenceReplica();
    replica.reset({ version: 4, entries: [entry('a')] });
    const before = replica.peers;
    expect(replica.apply({ version: 4, kind: 'leave', entry: entry('a') })).toBe('stale');
    expect(replica.apply({ version: 6, kind: 'join', entry: entry('c') })).toBe('gap');
    expect(replica.peers).toBe(before); // same identity: nothing re-renders
    replica.forget();
    expect(replica.apply({ version: 5, kind: 'join', entry: entry('b') })).toBe('gap');
  });
});
