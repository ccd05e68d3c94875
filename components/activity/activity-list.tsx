import { getFormatter, getTranslations } from 'next-intl/server';

import type { ActivityDto } from '@/lib/organizations/activity';

type Translator = Awaited<ReturnType<typeof getTranslations<'activity'>>>;
type RoleTranslator = Awaited<ReturnType<typeof getTranslations<'roles'>>>;

/** One entry as the rest of a sentence that starts with the actor's name, in the reader's language. */
function describe(item: ActivityDto, t: Translator, roles: RoleTranslator): string {
  const { details } = item;
  const role = (name: string | undefined) => (name ? roles('name', { role: name }) : t('noRole'));
  const roleList = (value: string | string[] | undefined) => {
    const names = (Array.isArray(value) ? value : [value]).filter((name): name is string => !!name);
    return names.length ? names.map((name) => role(name)).join(', ') : t('noRole');
  };
  const member = details.memberName || details.email || t('aMember');
  const has = (value: string | undefined) => (value ? 'yes' : 'no');
  switch (item.action) {
    case 'organization.created':
      return t('events.organizationCreated', { name: details.name ?? '' });
    case 'organization.updated':
      return details.changes?.length
        ? t('events.organizationUpdated', { changes: details.changes.map((field) => t('settingNames', { field })).join(', ') })
        : t('events.organizationSettingsChanged');
    case 'member.invited':
      return t('events.memberInvited', { email: details.email || t('someone'), hasRole: has(details.role), role: role(details.role) });
    case 'invitation.accepted':
      return t('events.invitationAccepted', { hasRole: has(details.role), role: role(details.role) });
    case 'invitation.declined':
      return t('events.invitationDeclined', { hasEmail: has(details.email), email: details.email ?? '' });
    case 'invitation.revoked':
      return t('events.invitationRevoked', { hasEmail: has(details.email), email: details.email ?? '' });
    case 'invitation.resent':
      return t('events.invitationResent', { hasEmail: has(details.email), email: details.email ?? '' });
    case 'member.role_changed':
      return item.target === item.actor.id
        ? t('events.ownRoleChanged', { from: roleList(details.from), to: role(details.to) })
        : t('events.roleChanged', { member, from: roleList(details.from), to: role(details.to) });
    case 'member.removed':
      return t('events.memberRemoved', { member });
    case 'member.left':
      return t('events.memberLeft');
    case 'project.created':
      return t('events.projectCreated', { name: details.name ?? '' });
    case 'project.renamed':
      return t('events.projectRenamed', { from: typeof details.from === 'string' ? details.from : '', to: details.to ?? '' });
    case 'project.deleted':
      return t('events.projectDeleted', { name: details.name ?? '' });
    case 'api_key.created':
      return t('events.apiKeyCreated', { name: details.name ?? '', hasRole: has(details.role), role: role(details.role) });
    case 'api_key.revoked':
      return t('events.apiKeyRevoked', { name: details.name ?? '' });
    default:
      return t('events.other', { action: item.action });
  }
}

/** The activity log as sentences: who, what, when (UTC, rendered on the server). */
export async function ActivityList({ items }: { items: ActivityDto[] }) {
  const t = await getTranslations('activity');
  const roles = await getTranslations('roles');
  const format = await getFormatter();
  if (items.length === 0) {
    return (
      <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        {t('empty')}
      </p>
    );
  }
  return (
    <ol className="mt-4 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label={t('listLabel')}>
      {items.map((item) => (
        <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
          {/* The text takes the room and wraps; the time stays at the right, below it only on
              a narrow screen. */}
          <p className="min-w-48 flex-1 basis-0 wrap-anywhere">
            <span className="font-medium">{item.actor.name}</span> {describe(item, t, roles)}
          </p>
          <time dateTime={item.createdAt} className="ml-auto shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
            {t('at', { date: format.dateTime(new Date(item.createdAt), { dateStyle: 'medium', timeStyle: 'short' }) })}
          </time>
        </li>
      ))}
    </ol>
  );
}
