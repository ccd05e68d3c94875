// The fault switch for Management API tests: a fetch that answers chosen requests with a
// failure instead of passing them to the (real, local) Logto. It lives in test setup only;
// production code paths have no fault hooks.
export type FaultRule = { method: string; path: RegExp; respond: () => Response | Promise<Response> };

export function faultyFetch(rules: FaultRule[]) {
  const hits: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    const path = new URL(String(input)).pathname;
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
