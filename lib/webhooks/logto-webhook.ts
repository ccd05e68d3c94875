import 'server-only';

import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { sessionStore } from '@/lib/logto/config';
import { getMirror } from '@/lib/mirror/app-mirror';

import { MAX_DELIVERY_BYTES, processPendingDeliveries, receiveLogtoWebhook, type ReceiveResult } from './deliveries';
import { LOGTO_SIGNATURE_HEADER } from './signature';

/**
 * POST /api/webhooks/logto for the app: verifies and records the delivery, and hands back the
 * work to run after the answer (`after()` in the route), so Logto gets its answer in
 * milliseconds whatever the events need.
 */
export async function handleLogtoWebhook(request: Request): Promise<{ result: ReceiveResult; afterResponse?: () => Promise<unknown> }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const rawBody =
    declared > MAX_DELIVERY_BYTES ? new Uint8Array(MAX_DELIVERY_BYTES + 1) : new Uint8Array(await request.arrayBuffer());
  const db = await getDb();
  const result = await receiveLogtoWebhook({
    db,
    rawBody,
    signature: request.headers.get(LOGTO_SIGNATURE_HEADER),
    signingKeys: getEnv().webhookSigningKeys,
  });
  if (!result.accepted) return { result };
  return {
    result,
    afterResponse: async () => {
      try {
        await processPendingDeliveries({ db, mirror: await getMirror(), sessions: sessionStore });
      } catch (error) {
        console.error('[webhooks] processing failed; the deliveries stay recorded and are retried with the next one:', error);
      }
    },
  };
}
