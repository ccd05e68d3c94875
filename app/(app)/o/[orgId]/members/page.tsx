import type { Metadata, Route } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';

import { InviteMembersForm } from '@/components/invitations/invite-members-form';
import { PendingInvitationRow } from '@/components/invitations/pending-invitation-row';
import { MemberRow } from '@/components/members/member-row';
import { MemberSearch } from '@/components/members/member-search';
import { Pagination } from '@/components/members/pagination';
import { NoAccess } from '@/components/organizations/no-access';
import { ORGANIZATION_ROLE_NAMES, OWNER_ROLE } from '@/lib/auth/scopes';
import { getEnv } from '@/lib/env';
import { getMirrorReadManagementApi } from '@/lib/mirror/app-mirror';
import {
  changeMemberRoleAction,
  inviteMembersAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from '@/lib/organizations/admin-actions';
import { listPendingInvitations } from '@/lib/organizations/invitations/admin';
import { MAX_INVITATIONS_AT_ONCE } from '@/lib/organizations/invitations/schemas';
import { listMembers, memberListQuerySchema } from '@/lib/organizations/members';
import { getOrganizationPageAccess } from '@/lib/organizations/page-access';
import { getMemberOrganization } from '@/lib/organizations/queries';
import { peopleNames } from '@/lib/people-names';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('members');
  return { title: t('title') };
}

export default async function MembersPage({ params, searchParams }: PageProps<'/o/[orgId]/members'>) {
  const { orgId } = await params;
  const base = `/o/${orgId}/members`;
  const access = await getOrganizationPageAccess(orgId, base);
  if (!access?.can('read:members')) return <NoAccess />;

  const { q, page } = memberListQuerySchema.parse(await searchParams);
  const api = getMirrorReadManagementApi();
  const canManage = access.can('manage:members');
  const canInvite = access.can('invite:members');
  const [members, invitations, organization] = await Promise.all([
    listMembers({ api, names: await peopleNames() }, access, { q, page }),
    canInvite ? listPendingInvitations({ api }, access) : Promise.resolve([]),
    getMemberOrganization(access.user.id, orgId),
  ]);
  const viewerIsOwner = organization?.isOwner ?? false;
  // Only owners hand out (or take away) ownership; the server enforces the same rule.
  const grantableRoles = viewerIsOwner ? ORGANIZATION_ROLE_NAMES : ORGANIZATION_ROLE_NAMES.filter((role) => role !== OWNER_ROLE);
  const env = getEnv();
  const t = await getTranslations('members');
  const roles = await getTranslations('roles');
  const format = await getFormatter();
  const hrefFor = (target: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(target) }).toString()}` as Route;

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <section aria-labelledby="members-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="members-heading" className="text-lg font-semibold">
            {t('heading')}
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {q ? t('matching', { count: members.total, q }) : t('count', { count: members.total })}
          </p>
        </div>
        <div className="mt-4">
          <MemberSearch action={base} q={q} />
        </div>
        {members.items.length === 0 ? (
          <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            {q ? t('noMatch') : t('emptyPage')}
          </p>
        ) : (
          <ul className="mt-4 space-y-3" aria-label={t('listLabel')}>
            {members.items.map((member) => {
              const isYou = member.id === access.user.id;
              const mayManage = canManage && (viewerIsOwner || !member.isOwner);
              return (
                <MemberRow
                  key={member.id}
                  member={member}
                  isYou={isYou}
                  assignableRoles={mayManage ? grantableRoles : []}
                  canRemove={mayManage && !isYou}
                  changeRoleAction={changeMemberRoleAction.bind(null, orgId)}
                  removeAction={removeMemberAction.bind(null, orgId)}
                />
              );
            })}
          </ul>
        )}
        <Pagination page={members.page} pageCount={members.pageCount} hrefFor={hrefFor} label={t('pagesLabel')} />
      </section>

      <aside className="space-y-6">
        {canInvite && (
          <>
            <InviteMembersForm action={inviteMembersAction.bind(null, orgId)} roles={grantableRoles} maxAddresses={MAX_INVITATIONS_AT_ONCE} />
            <section aria-labelledby="pending-heading" className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
              <h2 id="pending-heading" className="font-semibold">
                {t('pendingHeading')}
              </h2>
              {invitations.length === 0 ? (
                <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t('noPending')}</p>
              ) : (
                <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={t('pendingHeading')}>
                  {invitations.map((invitation) => (
                    <PendingInvitationRow
                      key={invitation.id}
                      invitation={invitation}
                      expiresLabel={format.dateTime(new Date(invitation.expiresAt), { dateStyle: 'medium' })}
                      revokeAction={revokeInvitationAction.bind(null, orgId)}
                      resendAction={resendInvitationAction.bind(null, orgId)}
                    />
                  ))}
                </ul>
              )}
              {env.usesLocalLogto && (
                <p className="mt-4 text-xs text-zinc-600 dark:text-zinc-400">
                  {t.rich('outbox', {
                    link: (chunks) => (
                      <a href={`${env.logto.endpoint}/outbox`} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline dark:text-brand-300">
                        {chunks}
                      </a>
                    ),
                  })}
                </p>
              )}
            </section>
          </>
        )}
        <section aria-labelledby="membership-heading" className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
          <h2 id="membership-heading" className="font-semibold">
            {t('membershipHeading')}
          </h2>
          <p className="mt-2 text-sm text-zinc-600 capitalize dark:text-zinc-300">
            {t('yourRole', { roles: organization?.roles.map((role) => roles('name', { role })).join(', ') || t('noRole') })}
          </p>
          <Link href={`/o/${orgId}/settings#leave`} className="mt-3 inline-block text-sm font-medium text-brand-700 underline dark:text-brand-300">
            {t('leave')}
          </Link>
        </section>
      </aside>
    </div>
  );
}
