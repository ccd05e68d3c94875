import 'server-only';

import type { Instrumentation } from 'next';

import { getLogger } from '@/lib/logger';

import { REQUEST_ID_HEADER } from './http-requests';

/**
 * One error line for an error Next caught while rendering a page, running a server action, a
 * route handler or proxy.ts (instrumentation's onRequestError). The request id ties it to the
 * request line. Errors a route handler turns into a response itself (toErrorResponse) are
 * logged there.
 */
export const logRequestError: Instrumentation.onRequestError = (error, request, context) => {
  const requestId = request.headers[REQUEST_ID_HEADER];
  getLogger().error(
    {
      requestId: typeof requestId === 'string' ? requestId : undefined,
      method: request.method,
      path: request.path.split('?')[0],
      route: context.routePath,
      routeType: context.routeType,
      // Next's digest: the id shown to the user on the error page, for matching a report to a line.
      digest: typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : undefined,
      err: error,
    },
    'request error',
  );
};
