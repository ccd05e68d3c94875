// Minimal HTTP helper for the contract suite: never follows redirects, always reads the
// body once, and keeps status, headers and body together so tests can assert all three.

export interface HttpResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  /** The raw body text ('' for an empty body). */
  readonly text: string;
  /** The parsed body when the response is JSON, otherwise undefined. */
  readonly json: unknown;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function httpRequest(url: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> {
  const method = init.method ?? 'GET';
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) {
    headers.set('accept', '*/*');
  }

  let body: string | undefined;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = init.form.toString();
  }

  const response = await fetch(url, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const text = await response.text();

  return {
    method,
    url: String(url),
    status: response.status,
    headers: response.headers,
    text,
    json: parseJsonBody(response.headers.get('content-type'), text),
  };
}

function parseJsonBody(contentType: string | null, text: string): unknown {
  if (!text || !contentType || !/\bjson\b/i.test(contentType)) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One line of context for assertion messages: request, status and the start of the body. */
export function describeResponse(response: HttpResponse): string {
  const body = response.text.length > 1500 ? `${response.text.slice(0, 1500)}...` : response.text;
  return `${response.method} ${response.url} -> ${response.status} ${body}`;
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}
