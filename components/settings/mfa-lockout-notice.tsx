import 'server-only';

import { getManagementApi } from '@/lib/logto/management-api-client';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import { getMfaReadiness, type MfaReadiness } from '@/lib/organizations/mfa-readiness';
import type { AdminAccess } from '@/lib/organizations/use-case';

// Every text of the notice, together (they move to the message catalogues with the i18n work).
const TEXT = {
  loading: 'Checking which members have two-step verification…',
  failed: "Couldn't check which members have two-step verification set up. Reload the page to try again.",
  nobody: 'Every member has two-step verification set up: nobody would lose access.',
  nobodyNow: 'Every member has two-step verification set up.',
  wouldLose: (count: number) => `${count === 1 ? '1 member has' : `${count} members have`} no two-step verification and would lose access:`,
  loseNow: (count: number) => `${count === 1 ? '1 member has' : `${count} members have`} no two-step verification and can't open this organization until they set it up:`,
  partial: (checked: number, total: number) => `Checked the first ${checked} of ${total} members.`,
  you: '(you)',
  more: (count: number) => `and ${count} more`,
};

const SHOWN = 20;

export const MFA_LOCKOUT_NOTICE_ID = 'field-isMfaRequired-lockout';
const noticeClasses = 'mt-2 text-sm text-zinc-700 dark:text-zinc-200';

export function MfaLockoutNoticeLoading() {
  return (
    <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses} aria-busy="true">
      {TEXT.loading}
    </p>
  );
}

/** Who lacks MFA, for the "require two-step verification" checkbox (`manage:organization`). */
export async function MfaLockoutNotice({ access, isMfaRequired }: { access: AdminAccess; isMfaRequired: boolean }) {
  let readiness: MfaReadiness;
  try {
    // Members from the mirror (no Logto call); factors from Logto (see getMfaReadiness's bounds).
    const mirror = getMirrorReadManagementApi();
    readiness = await getMfaReadiness({ api: { organizations: mirror.organizations, users: getManagementApi().users } }, access);
  } catch (error) {
    console.warn('[settings] could not read members\' MFA factors:', error);
    return (
      <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
        {TEXT.failed}
      </p>
    );
  }
  const { withoutMfa, checked, totalMembers } = readiness;
  const partial = checked < totalMembers ? ` ${TEXT.partial(checked, totalMembers)}` : '';
  if (withoutMfa.length === 0) {
    return (
      <p id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
        {(isMfaRequired ? TEXT.nobodyNow : TEXT.nobody) + partial}
      </p>
    );
  }
  const shown = withoutMfa.slice(0, SHOWN);
  return (
    <div id={MFA_LOCKOUT_NOTICE_ID} className={noticeClasses}>
      <p>{(isMfaRequired ? TEXT.loseNow : TEXT.wouldLose)(withoutMfa.length) + partial}</p>
      <ul className="mt-1 list-disc pl-5" aria-label="Members without two-step verification">
        {shown.map((member) => (
          <li key={member.id}>
            {member.name}
            {member.email && member.email !== member.name ? ` (${member.email})` : ''}
            {member.isYou ? ` ${TEXT.you}` : ''}
          </li>
        ))}
        {withoutMfa.length > SHOWN && <li>{TEXT.more(withoutMfa.length - SHOWN)}</li>}
      </ul>
    </div>
  );
}
