import { isIP } from 'node:net';

/**
 * The client's address, for per-address rate limits. Next.js puts the connection's address in
 * X-Forwarded-For only when the request has none, so without a proxy in front a client can
 * name its own address; behind `trustedProxies` proxies that each append the address they
 * saw, the client is that many entries from the end, and whatever the client wrote before is
 * ignored. Addresses of the same IPv6 /64 count as one (one subscriber holds a whole /64).
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const candidate = hops[hops.length - Math.max(1, trustedProxies)] ?? '';
  const address = candidate.replace(/^::ffff:(?=\d+\.)/, '');
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return ipv6Prefix64(address);
    default:
      return 'unknown';
  }
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
