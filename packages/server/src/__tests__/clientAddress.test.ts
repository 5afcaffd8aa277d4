import { readFileSync } from 'node:fs';
import { clientAddress, trustProxyFromEnv } from '@core/server';
import { describe, expect, it } from 'vitest';

const peer = '10.0.0.9';
const forwarded = (value?: string | string[]) => ({ 'x-forwarded-for': value });

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless proxies are trusted: the TCP peer is the client', () => {
    expect(clientAddress(peer, forwarded('6.6.6.6'), false)).toBe(peer);
    expect(clientAddress(peer, forwarded('6.6.6.6'), 0)).toBe(peer);
    expect(clientAddress(undefined, {}, false)).toBe('unknown');
  });

  it('behind n appending proxies, takes the entry the outermost appended, never one the client forged to its left', () => {
    expect(clientAddress(peer, forwarded('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(peer, forwarded('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(peer, forwarded(['6.6.6.6', '198.51.100.1, 203.0.113.7']), 2)).toBe('198.51.100.1');
    expect(clientAddress(peer, forwarded('203.0.113.7'), 3)).toBe('203.0.113.7');
    expect(clientAddress(peer, forwarded(undefined), 1)).toBe(peer);
  });

  it('with true, trusts every hop: the leftmost entry', () => {
    expect(clientAddress(peer, forwarded('198.51.100.1, 10.0.0.1'), true)).toBe('198.51.100.1');
  });

  it('reads CORE_TRUST_PROXY as false, true or a count, and refuses anything else with a message that says what it takes', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('')).toBe(false);
    expect(trustProxyFromEnv('true')).toBe(true);
    expect(trustProxyFromEnv('1')).toBe(1);
    expect(() => trustProxyFromEnv('yes')).toThrow(/CORE_TRUST_PROXY must be the number of proxies/);
    expect(() => trustProxyFromEnv('-1')).toThrow(/got "-1"/);
  });
});

describe('the docs on CORE_TRUST_PROXY', () => {
  const read = (page: string) => readFileSync(new URL(`../../../../${page}`, import.meta.url), 'utf8');
  // The environment table is on the CLI page; the option is described on the pages, server and
  // deployment pages too, and the README is the entrance.
  const cli = read('docs/guide/cli.md');
  const pages = [
    'README.md',
    'docs/guide/cli.md',
    'docs/guide/pages.md',
    'docs/guide/server.md',
    'docs/guide/deployment.md',
  ];

  it('agrees with the code: the header is ignored by default, and the variable has one row in the environment table', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    // Regression: the README once called `CORE_TRUST_PROXY=1` "the default" and listed the variable twice.
    for (const page of pages) expect(read(page)).not.toMatch(/CORE_TRUST_PROXY=1`?,? the default/);
    expect(cli.match(/^\| `CORE_TRUST_PROXY` \|/gm)).toHaveLength(1);
    expect(cli).toMatch(/^\| `CORE_TRUST_PROXY` \|.*Default: the header is ignored/m);
  });
});
