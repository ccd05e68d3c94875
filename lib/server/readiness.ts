import 'server-only';

import { sql } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';

// Readiness: can this instance serve real requests right now? Each dependency is checked with
// a short timeout, in parallel, and named when it is down. The answer says only up or down and
// why in one word: it is public, so no host names, no driver messages (those go to the log).

export const READINESS_TIMEOUT_MS = 2_000;

export type DependencyStatus =
  | { status: 'up'; durationMs: number }
  | { status: 'down'; durationMs: number; reason: 'timeout' | 'error' | 'unexpected_response' };

export type Readiness = { ready: boolean; checks: { database: DependencyStatus; logto: DependencyStatus } };

type Failure = { reason: 'timeout' | 'error' | 'unexpected_response'; cause: unknown };

async function timed(work: (signal: AbortSignal) => Promise<void>, timeoutMs: number, onFailure: (failure: Failure) => void): Promise<DependencyStatus> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new TimeoutError(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { status: 'up', durationMs: durationMs() };
  } catch (cause) {
    const reason = cause instanceof TimeoutError ? 'timeout' : cause instanceof UnexpectedResponseError ? 'unexpected_response' : 'error';
    onFailure({ reason, cause });
    return { status: 'down', durationMs: durationMs(), reason };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {}
class UnexpectedResponseError extends Error {}

export async function checkReadiness({
  getDb,
  logtoEndpoint,
  fetch = globalThis.fetch,
  timeoutMs = READINESS_TIMEOUT_MS,
  onFailure = () => {},
}: {
  getDb: () => Promise<Database>;
  logtoEndpoint: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  onFailure?: (dependency: 'database' | 'logto', failure: Failure) => void;
}): Promise<Readiness> {
  const [database, logto] = await Promise.all([
    timed(
      async () => {
        const db = await getDb();
        await db.execute(sql`select 1`);
      },
      timeoutMs,
      (failure) => onFailure('database', failure),
    ),
    timed(
      async (signal) => {
        const response = await fetch(`${logtoEndpoint}/oidc/.well-known/openid-configuration`, { signal, cache: 'no-store' });
        const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
        if (!(typeof body === 'object' && body !== null && 'issuer' in body)) {
          throw new UnexpectedResponseError(`discovery answered ${response.status}`);
        }
      },
      timeoutMs,
      (failure) => onFailure('logto', failure),
    ),
  ]);
  return { ready: database.status === 'up' && logto.status === 'up', checks: { database, logto } };
}
