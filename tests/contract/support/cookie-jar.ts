// A small RFC 6265 cookie jar. Node's fetch has none, and Logto's interaction depends on
// path-scoped cookies (`_interaction_resume` lives under /oidc/auth/<uid>), so the sign-in
// client must store, expire and path-match cookies the way a browser does.

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** Epoch ms; undefined for a session cookie. */
  expiresAt: number | undefined;
  createdAt: number;
}

export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores every `Set-Cookie` of a response received for `requestUrl`. */
  storeFromResponse(requestUrl: URL, headers: Headers): void {
    for (const setCookie of headers.getSetCookie()) {
      this.setCookie(requestUrl, setCookie);
    }
  }

  setCookie(requestUrl: URL, setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      return;
    }
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const now = Date.now();

    let domain = requestUrl.hostname.toLowerCase();
    let hostOnly = true;
    let path = defaultPath(requestUrl.pathname);
    let secure = false;
    let expiresAt: number | undefined;
    let maxAgeSeen = false;

    for (const attribute of attributes) {
      const index = attribute.indexOf('=');
      const key = (index === -1 ? attribute : attribute.slice(0, index)).trim().toLowerCase();
      const attributeValue = index === -1 ? '' : attribute.slice(index + 1).trim();
      switch (key) {
        case 'path': {
          if (attributeValue.startsWith('/')) {
            path = attributeValue;
          }
          break;
        }
        case 'domain': {
          const candidate = attributeValue.replace(/^\./, '').toLowerCase();
          if (candidate && domainMatches(requestUrl.hostname.toLowerCase(), candidate)) {
            domain = candidate;
            hostOnly = false;
          }
          break;
        }
        case 'max-age': {
          const seconds = Number(attributeValue);
          if (Number.isFinite(seconds)) {
            expiresAt = seconds <= 0 ? 0 : now + seconds * 1000;
            maxAgeSeen = true;
          }
          break;
        }
        case 'expires': {
          const time = Date.parse(attributeValue);
          if (!maxAgeSeen && Number.isFinite(time)) {
            expiresAt = time;
          }
          break;
        }
        case 'secure': {
          secure = true;
          break;
        }
        default:
          break;
      }
    }

    const key = `${domain};${path};${name}`;
    if (expiresAt !== undefined && expiresAt <= now) {
      this.#cookies.delete(key);
      return;
    }
    const existing = this.#cookies.get(key);
    this.#cookies.set(key, {
      name,
      value,
      domain,
      hostOnly,
      path,
      secure,
      expiresAt,
      createdAt: existing?.createdAt ?? now,
    });
  }

  /** The `Cookie` header a browser would send to `url`, or undefined when there is none. */
  cookieHeader(url: URL): string | undefined {
    const now = Date.now();
    const host = url.hostname.toLowerCase();
    const secureContext =
      url.protocol === 'https:' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

    const matching = [...this.#cookies.entries()]
      .filter(([key, cookie]) => {
        if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
          this.#cookies.delete(key);
          return false;
        }
        const domainOk = cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain);
        return domainOk && pathMatches(url.pathname, cookie.path) && (!cookie.secure || secureContext);
      })
      .map(([, cookie]) => cookie)
      .sort((a, b) => b.path.length - a.path.length || a.createdAt - b.createdAt);

    return matching.length > 0
      ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
      : undefined;
  }

  /** Cookie names currently stored (for diagnostics). */
  names(): string[] {
    return [...this.#cookies.values()].map((cookie) => cookie.name);
  }
}

function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) {
    return '/';
  }
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) {
    return true;
  }
  if (!requestPath.startsWith(cookiePath)) {
    return false;
  }
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
