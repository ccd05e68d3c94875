import { JitSettingsForm } from '@/components/settings/jit-settings-form';
import { getManagementApi } from '@/lib/logto/management-api-client';
import type { OrganizationAccess } from '@/lib/organizations/access';
import { getJitSettings, JIT_ROLE_NAMES, JIT_SCOPES } from '@/lib/organizations/jit';
import { addJitDomainAction, removeJitDomainAction, setJitRoleAction } from '@/lib/organizations/jit-branding-actions';

// Automatic membership (owners only). The domains and the role are read from Logto: the mirror
// does not keep them, and this section is seen by owners only.
export async function JitSection({ access }: { access: OrganizationAccess }) {
  if (!JIT_SCOPES.every((scope) => access.can(scope))) return null;
  const { domains, role } = await getJitSettings({ api: getManagementApi() }, access);
  const { organizationId } = access;
  return (
    <JitSettingsForm
      domains={domains}
      role={role}
      roles={JIT_ROLE_NAMES}
      addAction={addJitDomainAction.bind(null, organizationId)}
      removeAction={removeJitDomainAction.bind(null, organizationId)}
      roleAction={setJitRoleAction.bind(null, organizationId)}
    />
  );
}
