import { describe, expect, it } from 'vitest';

import { clientAddress } from './client-address';

const forwarded = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });

describe('clientAddress', () => {
  it.each([
    // No proxy: the address Next.js recorded for the connection.
    [undefined, 0, 'unknown'],
    ['203.0.113.7', 0, '203.0.113.7'],
    ['::ffff:127.0.0.1', 0, '127.0.0.1'],
    // One proxy appends the client's address after whatever the client sent.
    ['198.51.100.1, 203.0.113.7', 1, '203.0.113.7'],
    // Two proxies (CDN, then a load balancer): the client is second from the end.
    ['198.51.100.1, 203.0.113.7, 192.0.2.10', 2, '203.0.113.7'],
    // Fewer entries than trusted proxies, or garbage: no usable address.
    ['203.0.113.7', 2, 'unknown'],
    ['not-an-address', 0, 'unknown'],
    // IPv6 counts per /64.
    ['2001:db8:85a3:1234:aaaa::1', 0, '2001:db8:85a3:1234::/64'],
    ['2001:db8::1', 0, '2001:db8:0:0::/64'],
  ])('%s with %i trusted proxies -> %s', (header, trustedProxies, expected) => {
    expect(clientAddress(forwarded(header), trustedProxies)).toBe(expected);
  });
});
