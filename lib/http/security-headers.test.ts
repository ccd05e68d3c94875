import { describe, expect, it } from 'vitest';

import {
  fixedSecurityHeaders,
  newNonce,
  pageContentSecurityPolicy,
  strictTransportSecurity,
} from './security-headers';

const base = { nonce: 'bm9uY2U=', appUrl: 'http://localhost:3000', logtoEndpoint: 'http://localhost:3001' };

function directives(policy: string) {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...values] = directive.split(' ');
      return [name, values] as const;
    }),
  );
}

describe('pageContentSecurityPolicy', () => {
  it('allows only scripts with the nonce in production, never eval or inline', () => {
    const policy = directives(pageContentSecurityPolicy({ ...base, development: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(pageContentSecurityPolicy({ ...base, development: false })).not.toMatch(/unsafe-(eval|inline)/);
  });

  it("adds 'unsafe-eval' (React's dev tooling) and inline styles only in development", () => {
    const policy = directives(pageContentSecurityPolicy({ ...base, development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('is never framed, loads no plugins, has no <base> and posts forms only to the app and Logto', () => {
    const policy = directives(pageContentSecurityPolicy({ ...base, development: false, logtoEndpoint: 'https://tenant.logto.app/path' }));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'", 'https://tenant.logto.app']);
    // Organization logos: any https host, nothing else (no http:, data: or blob:).
    expect(policy.get('img-src')).toEqual(["'self'", 'https:']);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('upgrades insecure subresources when the app is served over https', () => {
    const policy = directives(pageContentSecurityPolicy({ ...base, development: false, appUrl: 'https://app.example.com' }));
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('strictTransportSecurity', () => {
  it.each([
    ['https://app.example.com', 'max-age=63072000; includeSubDomains'],
    ['http://localhost:3000', null],
  ])('%s -> %s', (appUrl, expected) => {
    expect(strictTransportSecurity(appUrl)).toBe(expected);
  });
});

describe('fixedSecurityHeaders', () => {
  const rules = fixedSecurityHeaders();
  const everywhere = new Map(rules.find((rule) => rule.source === '/:path*')?.headers.map(({ key, value }) => [key, value]));

  it('sets nosniff, the referrer policy, frame denial and a Permissions-Policy on every path', () => {
    expect(everywhere.get('X-Content-Type-Options')).toBe('nosniff');
    expect(everywhere.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(everywhere.get('X-Frame-Options')).toBe('DENY');
    expect(everywhere.get('Permissions-Policy')).toMatch(/(^|, )camera=\(\)/);
    expect(everywhere.get('Permissions-Policy')).toMatch(/(^|, )geolocation=\(\)/);
  });

  it('sends no referrer from invitation pages to other sites, in a rule after the general one', () => {
    const index = rules.findIndex((rule) => rule.source === '/invitations/:path*');
    expect(index).toBeGreaterThan(rules.findIndex((rule) => rule.source === '/:path*'));
    expect(rules[index]?.headers).toEqual([{ key: 'Referrer-Policy', value: 'same-origin' }]);
  });
});

describe('newNonce', () => {
  it('is 128 random bits in base64, fresh each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
