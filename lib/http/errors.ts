import 'server-only';

import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';

import { issueInEnglish } from '@/i18n/english';
import { AppError } from '@/lib/errors';
import { getLogger } from '@/lib/logger';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * The one mapping from a thrown error to a route handler response: zod -> 400 invalid_request
 * with field errors, AppError -> its status and safe message (429 with Retry-After), anything
 * else -> logged, generic 500. Always in English (AppError's `message`, issueInEnglish): the
 * API's errors are for developers, whatever language their browser asks for.
 */
export function toErrorResponse(error: unknown, request?: Request): Response {
  // redirect() and notFound() in a handler are Next's to answer.
  unstable_rethrow(error);
  if (error instanceof z.ZodError) {
    return Response.json({ error: 'invalid_request', ...describeInvalidInput(error) }, { status: 400, headers: noStore });
  }
  if (error instanceof AppError) {
    const headers = error.retryAfterSeconds === undefined ? noStore : { ...noStore, 'Retry-After': String(error.retryAfterSeconds) };
    return Response.json({ error: error.code, error_description: error.message }, { status: error.status, headers });
  }
  getLogger().error(
    {
      requestId: request?.headers.get('x-request-id') ?? undefined,
      method: request?.method,
      path: request ? new URL(request.url).pathname : undefined,
      err: error,
    },
    'route handler error',
  );
  return Response.json(
    { error: 'server_error', error_description: 'Something went wrong on our side.' },
    { status: 500, headers: noStore },
  );
}

/**
 * Messages per field (the first segment of the issue's path), and what concerns the request as a
 * whole in `error_description`. Unknown fields are named in both: a client that misspells a
 * field learns which one, instead of having it silently dropped or refused without a reason.
 */
function describeInvalidInput(error: z.ZodError) {
  const fieldErrors: Record<string, string[]> = {};
  const requestErrors: string[] = [];
  const add = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);
  for (const issue of error.issues) {
    const [field] = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((key) => [...issue.path, key].join('.'));
      for (const [index, key] of issue.keys.entries()) add(field === undefined ? key : String(field), `Unknown field: ${names[index]}.`);
      requestErrors.push(`Unknown field${names.length === 1 ? '' : 's'}: ${names.join(', ')}.`);
    } else if (field === undefined) {
      requestErrors.push(issueInEnglish(issue));
    } else {
      add(String(field), issueInEnglish(issue));
    }
  }
  return { error_description: requestErrors.length > 0 ? requestErrors.join(' ') : 'The request is invalid.', fieldErrors };
}

/** Reads a JSON body; a missing or malformed body is a 400 invalid_request, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    throw new AppError('invalid_request', 'Send a JSON body with Content-Type: application/json.');
  }
  try {
    return await request.json();
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid JSON.');
  }
}
