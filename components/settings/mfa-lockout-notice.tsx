import 'server-only';

import { getTranslations } from 'next-intl/server';

import { getManagementApi } from '@/lib/logto/management-api-client';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { getMfaReadiness, type MfaReadiness } from '@/lib/organizations/mfa-readiness';
import type { AdminAccess } from '@/lib/organizations/use-case';

const SHOWN = 20;

export const MFA_LOCKOUT_NOTICE_ID = 'field-isMfaRequired-lockout';
const noticeClasses = 'mt-2 text-sm text-zinc-700 dark:text-zinc-200';

export async function MfaLockoutNoticeLoading() {
  const t = await getTranslations('mfaLockout');
  return (
    <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses} aria-busy="true">
      {t('loading')}
    </p>
  );
}

/** Who lacks MFA, for the "require two-step verification" checkbox (`manage:organization`). */
export async function MfaLockoutNotice({ access, isMfaRequired }: { access: AdminAccess; isMfaRequired: boolean }) {
  const t = await getTranslations('mfaLockout');
  let readiness: MfaReadiness;
  try {
    // Members from the mirror (no Logto call); factors from Logto (see getMfaReadiness's bounds).
    const mirror = getMirrorReadManagementApi();
    readiness = await getMfaReadiness({ api: { organizations: mirror.organizations, users: getManagementApi().users } }, access);
  } catch (error) {
    console.warn("[settings] could not read members' MFA factors:", error);
    return (
      <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
        {t('failed')}
      </p>
    );
  }
  const { withoutMfa, checked, totalMembers } = readiness;
  const partial = checked < totalMembers ? ` ${t('partial', { checked, total: totalMembers })}` : '';
  if (withoutMfa.length === 0) {
    return (
      <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
        {(isMfaRequired ? t('nobodyNow') : t('nobody')) + partial}
      </p>
    );
  }
  const count = withoutMfa.length;
  const people = await getTranslations('people');
  return (
    <div id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
      <p>{(isMfaRequired ? t('loseNow', { count }) : t('wouldLose', { count })) + partial}</p>
      <ul className="mt-1 list-disc pl-5" aria-label={t('listLabel')}>
        {withoutMfa.slice(0, SHOWN).map((member) => (
          <li key={member.id}>
            {member.name ?? people('unnamed')}
            {member.email && member.email !== member.name ? ` (${member.email})` : ''}
            {member.isYou ? ` ${t('you')}` : ''}
          </li>
        ))}
        {count > SHOWN && <li>{t('more', { count: count - SHOWN })}</li>}
      </ul>
    </div>
  );
}
