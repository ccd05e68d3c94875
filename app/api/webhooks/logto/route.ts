// POST /api/webhooks/logto - Logto's webhook deliveries (organization and user events)
import { after } from 'next/server';

import { handleLogtoWebhook } from '@/lib/webhooks/logto-webhook';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const { result, afterResponse } = await handleLogtoWebhook(request);
  if (afterResponse) after(afterResponse);
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
