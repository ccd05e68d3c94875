import 'server-only';

import { and, eq, inArray } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { apiKeys } from '@/lib/db/schema';
import type { PeopleNames } from '@/lib/display-name';

// A key's requests are recorded with the key's Logto app id as the actor (the token's `sub`);
// the activity log shows the key's name instead.

/** Display names of the keys among `actorIds` (the activity log's actor for a key's requests), revoked keys included. */
export async function apiKeyActorNames(
  db: Database,
  organizationId: string,
  actorIds: readonly string[],
  names: Pick<PeopleNames, 'apiKey'>,
): Promise<Map<string, string>> {
  const ids = [...new Set(actorIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ applicationId: apiKeys.applicationId, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, organizationId), inArray(apiKeys.applicationId, ids)));
  return new Map(rows.flatMap((row) => (row.applicationId ? [[row.applicationId, names.apiKey(row.name)] as const] : [])));
}
