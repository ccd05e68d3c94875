import { useTranslations } from 'next-intl';

import { initialsOf } from '@/lib/display-name';

type Props = {
  organization: { name: string; logoUrl: string | null };
  title: string;
  children: React.ReactNode;
};

/** The invitation page's card: the organization's logo (or initials), a heading, the rest. */
export function InvitationCard({ organization, title, children }: Props) {
  const t = useTranslations('invitation');
  return (
    <section aria-labelledby="invitation-heading" className="rounded-xl border border-zinc-200 p-8 text-center shadow-sm dark:border-zinc-800">
      {organization.logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- logos come from any https host; next/image would need each host configured
        <img src={organization.logoUrl} alt={t('logoAlt', { organization: organization.name })} className="mx-auto size-16 rounded-lg object-contain" referrerPolicy="no-referrer" />
      ) : (
        <span
          aria-hidden="true"
          className="mx-auto flex size-16 items-center justify-center rounded-lg bg-brand-100 text-xl font-bold text-brand-700 dark:bg-zinc-800 dark:text-brand-300"
        >
          {initialsOf(organization.name)}
        </span>
      )}
      <h1 id="invitation-heading" className="mt-5 text-2xl font-bold tracking-tight">
        {title}
      </h1>
      <div className="mt-4 space-y-4 text-zinc-700 dark:text-zinc-300">{children}</div>
    </section>
  );
}
