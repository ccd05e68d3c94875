// `npm run logto:setup` without the command line: read the tenant, plan, apply, report.
import type { ManagementApi } from '@/lib/logto/management-api';

import { applyLogtoSetupPlan, signingKeyLine, type SetupRow } from './apply-logto-setup-plan';
import { desiredLogtoState, type DesiredStateInput } from './desired-state';
import { findAppHook, planLogtoSetup } from './plan-logto-setup';
import { readTenantSnapshot } from './read-tenant-snapshot';

export type SetupReport = {
  rows: SetupRow[];
  /** Things a person should know after this run. */
  notes: string[];
  /** False when something still differs or failed: the CLI exits non-zero. */
  ok: boolean;
};

export async function runLogtoSetup({
  api,
  fix = false,
  ...input
}: DesiredStateInput & { api: ManagementApi; fix?: boolean }): Promise<SetupReport> {
  const desired = desiredLogtoState(input);
  const tenant = await readTenantSnapshot(api, desired);
  const plan = planLogtoSetup(desired, tenant);
  const rows = await applyLogtoSetupPlan(api, plan, { tenant, desired, fix });

  const notes: string[] = [];
  const defaultRole = rows.find((row) => row.area === 'defaultRole');
  if (defaultRole && (defaultRole.result === 'created' || defaultRole.result === 'fixed')) {
    notes.push(
      `Logto gives a default role only to users created from now on. Users who already exist do not have ` +
        `"${desired.defaultRole.name}" (so they cannot create organizations): assign it in Logto Console > ` +
        `User management > (user) > Roles, or with POST /api/users/{userId}/roles {"roleIds": [...]}.`,
    );
  }
  const hook = findAppHook(desired, tenant);
  if (hook && desired.webhook.signingKey === undefined) {
    notes.push(`LOGTO_WEBHOOK_SIGNING_KEY is not set, so the app refuses every webhook delivery: ${signingKeyLine(hook.signingKey)}.`);
  }
  return { rows, notes, ok: rows.every((row) => row.result !== 'differs' && row.result !== 'failed') };
}
