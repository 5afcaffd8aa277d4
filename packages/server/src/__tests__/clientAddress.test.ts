import type { IncomingMessage } from 'node:http';
import { clientAddress } from '@core/server';
import { afterEach, describe, expect, it } from 'vitest';

const request = (forwardedFor?: string | string[]) =>
  ({
    socket: { remoteAddress: '10.0.0.9' },
    headers: { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  afterEach(() => {
    delete process.env.CORE_TRUST_PROXY;
  });

  it('ignores X-Forwarded-For unless a proxy is trusted: the TCP peer is the client', () => {
    expect(clientAddress(request('6.6.6.6'))).toBe('10.0.0.9');
    expect(clientAddress(request('6.6.6.6'), 0)).toBe('10.0.0.9');
  });

  it('takes the entry the trusted proxy appended, never one the client forged to its left', () => {
    expect(clientAddress(request('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request(['6.6.6.6', '198.51.100.1, 203.0.113.7']), 2)).toBe('198.51.100.1');
  });

  it('falls back to the farthest entry there is, or to the peer without a header', () => {
    expect(clientAddress(request('203.0.113.7'), 3)).toBe('203.0.113.7');
    expect(clientAddress(request(undefined), 1)).toBe('10.0.0.9');
  });

  it('reads CORE_TRUST_PROXY, and refuses a value that is not a count of proxies', () => {
    process.env.CORE_TRUST_PROXY = '1';
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'))).toBe('203.0.113.7');
    process.env.CORE_TRUST_PROXY = 'yes';
    expect(() => clientAddress(request('1.2.3.4'))).toThrow(/CORE_TRUST_PROXY must be the number of proxies/);
  });
});
