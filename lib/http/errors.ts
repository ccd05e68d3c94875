import 'server-only';

import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';

import { AppError } from '@/lib/errors';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * The one mapping from a thrown error to a route handler response: zod -> 400 with field
 * errors, AppError -> its status and safe message (429 with Retry-After), anything else ->
 * logged, generic 500.
 */
export function toErrorResponse(error: unknown): Response {
  // redirect() and notFound() in a handler are Next's to answer.
  unstable_rethrow(error);
  if (error instanceof z.ZodError) {
    return Response.json(
      { error: 'invalid_request', error_description: 'The request is invalid.', fieldErrors: z.flattenError(error).fieldErrors },
      { status: 400, headers: noStore },
    );
  }
  if (error instanceof AppError) {
    const headers = error.retryAfterSeconds === undefined ? noStore : { ...noStore, 'Retry-After': String(error.retryAfterSeconds) };
    return Response.json({ error: error.code, error_description: error.message }, { status: error.status, headers });
  }
  console.error('[api] unexpected error:', error);
  return Response.json(
    { error: 'server_error', error_description: 'Something went wrong on our side.' },
    { status: 500, headers: noStore },
  );
}

/** Reads a JSON body; a missing or malformed body is a 400, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    throw new AppError('invalid_input', 'Send a JSON body with Content-Type: application/json.');
  }
  try {
    return await request.json();
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.');
  }
}
