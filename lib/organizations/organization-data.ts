import 'server-only';

import { eq } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import { activityLog, apiKeys, jitEmailDomainClaims, organizationCreations, projects } from '@/lib/db/schema';

/**
 * Removes everything this app stores for an organization (projects, activity, creation
 * records, API key records, claimed JIT e-mail domains) in one transaction. Idempotent: an organization deleted in the app and then
 * announced by Logto's Organization.Deleted webhook is simply removed twice.
 */
export async function removeOrganizationData(db: Database, organizationId: string) {
  await db.transaction(async (tx) => {
    await tx.delete(projects).where(eq(projects.organizationId, organizationId));
    await tx.delete(activityLog).where(eq(activityLog.organizationId, organizationId));
    await tx.delete(organizationCreations).where(eq(organizationCreations.organizationId, organizationId));
    await tx.delete(apiKeys).where(eq(apiKeys.organizationId, organizationId));
    await tx.delete(jitEmailDomainClaims).where(eq(jitEmailDomainClaims.organizationId, organizationId));
  });
}
