// The security headers of every response, built in one place. proxy.ts sets the per-request
// ones (the page's nonce-based Content-Security-Policy, HSTS); next.config.ts sets the fixed
// ones on every path, static files included.
//
// No `import 'server-only'`: next.config.ts loads this outside React's server condition.

/** Request header that carries the page's CSP nonce to Server Components (next/headers). */
export const NONCE_HEADER = 'x-nonce';

/**
 * Browser features the app never uses, denied to the page and to anything it embeds. Only
 * features Chromium recognizes: an unknown one is reported as an error in the console.
 */
const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

export type Header = { key: string; value: string };

/**
 * Headers that do not depend on the request or the deployment, for next.config.ts `headers()`.
 * Invitation links carry the invitation's id, so their pages send no referrer to other sites,
 * not even the origin. Not `no-referrer`: under it a browser sends `Origin: null` with a form
 * posted before the page hydrates (or without JavaScript), and Next.js refuses such a server
 * action request; `same-origin` keeps the origin on the page's own form posts.
 */
export function fixedSecurityHeaders(): { source: string; headers: Header[] }[] {
  return [
    {
      source: '/:path*',
      headers: [
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        { key: 'Permissions-Policy', value: DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ') },
        // For browsers without CSP frame-ancestors; the CSP says the same.
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      ],
    },
    // Later rules win for the same header (Next.js applies them in order).
    { source: '/invitations/:path*', headers: [{ key: 'Referrer-Policy', value: 'same-origin' }] },
  ];
}

export type ContentSecurityPolicyOptions = {
  /** Fresh per request, base64. */
  nonce: string;
  /** `next dev`: React's dev tooling needs eval and injects styles. */
  development: boolean;
  /** Public URL of the app: an https one upgrades stray http subresources. */
  appUrl: string;
  /** Logto's URL: server actions (sign-in, sign-out) redirect a form submission there. */
  logtoEndpoint: string;
};

/**
 * The pages' policy, after the Next.js guide: scripts only with this response's nonce (and
 * what they load, 'strict-dynamic'), no plugins, no <base>, never framed. Images: the app's
 * own, and organization logos, which are https URLs on any host that owners type (the settings
 * accept nothing else), hence `img-src 'self' https:`. No `data:` or `blob:`: the app makes no
 * such images; `next dev`'s error overlay does, so development allows `data:`.
 */
export function pageContentSecurityPolicy({ nonce, development, appUrl, logtoEndpoint }: ContentSecurityPolicyOptions): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ['img-src', "'self'", 'https:', ...(development ? ['data:'] : [])],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'", new URL(logtoEndpoint).origin],
    ['frame-ancestors', "'none'"],
    ...(appUrl.startsWith('https://') ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** For responses that are not pages (JSON, errors): nothing may load, nothing may frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Two years, the value of the HSTS preload list; only when the app is served over https. */
export function strictTransportSecurity(appUrl: string): string | null {
  return appUrl.startsWith('https://') ? 'max-age=63072000; includeSubDomains' : null;
}

/** A CSP nonce: 128 random bits, base64 (Web Crypto, so it works in every runtime). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
