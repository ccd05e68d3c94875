// The fault switch for Management API tests: a fetch that answers chosen requests with a
// failure instead of passing them to the (real, local) Logto. It lives in test setup only;
// production code paths have no fault hooks.
export type FaultRule = { method: string; path: RegExp; respond: () => Response | Promise<Response> };

/**
 * Method and URL of what a fetch was asked for: the Management API client hands fetch a
 * `Request`, its token requests a URL and init. Reads the request without consuming its body.
 */
export function requestLine(input: Parameters<typeof fetch>[0], init?: RequestInit) {
  const request = input instanceof Request ? input : undefined;
  const method = init?.method ?? request?.method ?? 'GET';
  const url = new URL(request ? request.url : String(input));
  return { method, url, path: url.pathname };
}

export function faultyFetch(rules: FaultRule[]) {
  const hits: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const { method, path } = requestLine(input, init);
    const rule = rules.find((candidate) => candidate.method === method && candidate.path.test(path));
    if (rule) {
      hits.push(`${method} ${path}`);
      return rule.respond();
    }
    return fetch(input, init);
  };
  return { fetch: wrapped, hits };
}

export const logtoInternalError = () =>
  Response.json({ code: 'unknown', message: 'Internal server error.' }, { status: 500 });
