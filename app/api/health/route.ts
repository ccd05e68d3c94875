// GET /api/health - liveness: the process answers. Touches no dependency, so a database or
// Logto outage never gets healthy instances restarted (readiness: /api/health/ready).
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
