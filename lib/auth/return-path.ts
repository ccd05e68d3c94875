// Where to send a user after sign-in. Only same-origin paths: anything else (another host,
// a protocol-relative `//evil.example`, backslash tricks, control characters) falls back, so the
// sign-in flow can never be turned into an open redirect.
const PLACEHOLDER_ORIGIN = 'http://return-path.invalid';
const NO_RETURN_TO = ['/sign-in', '/sign-up', '/callback', '/sign-out'];

export const DEFAULT_RETURN_PATH = '/dashboard';

export function safeReturnPath(value: unknown, fallback: string = DEFAULT_RETURN_PATH): string {
  if (typeof value !== 'string' || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  if (NO_RETURN_TO.some((path) => url.pathname === path || url.pathname.startsWith(`${path}/`))) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in URL that brings the user back to `path` afterwards. */
export function signInPath(path: string) {
  return `/sign-in?${new URLSearchParams({ returnTo: safeReturnPath(path) }).toString()}`;
}

/** Set by proxy.ts on signed-in pages: the path (and query) the visitor asked for. */
export const REQUEST_PATH_HEADER = 'x-request-path';
