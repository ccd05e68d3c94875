// GET /api/health/ready - readiness: the database answers `select 1` and Logto's discovery
// answers, each within a short timeout; 503 names what is down.
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/logger';
import { checkReadiness } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const readiness = await checkReadiness({
    getDb,
    logtoEndpoint: getEnv().logto.endpoint,
    onFailure: (dependency, { reason, cause }) =>
      getLogger().warn({ requestId: request.headers.get('x-request-id'), dependency, reason, err: cause }, 'readiness check failed'),
  });
  return Response.json(
    { status: readiness.ready ? 'ok' : 'unavailable', checks: readiness.checks },
    { status: readiness.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
