import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { InvitationCard } from '@/components/invitations/invitation-card';
import { InvitationResponse } from '@/components/invitations/invitation-response';
import { ButtonAnchor, ButtonLink } from '@/components/ui/button-link';
import { SubmitButton } from '@/components/ui/form';
import { getCurrentUser } from '@/lib/auth/session';
import { getManagementApi } from '@/lib/logto/management-api-client';
import { acceptInvitationAction, declineInvitationAction, switchInvitationAccountAction } from '@/lib/organizations/invitations/invitee-actions';
import { getInvitationView, type InvitationViewDto } from '@/lib/organizations/invitations/view';
import { peopleNames } from '@/lib/people-names';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('invitation');
  return { title: t('title') };
}

// Outside the signed-in shell on purpose: the invitee usually arrives signed out, often
// without an account yet.
export default async function InvitationPage({ params, searchParams }: PageProps<'/invitations/[id]'>) {
  const { id } = await params;
  const { declined } = await searchParams;
  const [invitation, user] = await Promise.all([getInvitationView({ api: getManagementApi(), names: await peopleNames() }, id), getCurrentUser()]);
  const t = await getTranslations('invitation');
  const common = await getTranslations('common');

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto max-w-5xl px-4 py-3 sm:px-6">
          <Link href="/" className="text-base font-bold tracking-tight">
            {common('appName')}
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-lg flex-1 px-4 py-12 sm:px-6">
        {invitation ? (
          <InvitationBody invitation={invitation} user={user} declined={declined === '1'} />
        ) : (
          <section aria-labelledby="invitation-heading" className="text-center">
            <h1 id="invitation-heading" className="text-2xl font-bold tracking-tight">
              {t('notFoundHeading')}
            </h1>
            <p className="mt-3 text-zinc-600 dark:text-zinc-300">{t('notFoundBody')}</p>
            <ButtonLink href="/" className="mt-6">
              {t('home')}
            </ButtonLink>
          </section>
        )}
      </main>
    </div>
  );
}

type Viewer = Awaited<ReturnType<typeof getCurrentUser>>;

async function InvitationBody({ invitation, user, declined }: { invitation: InvitationViewDto; user: Viewer; declined: boolean }) {
  const { organization } = invitation;
  const t = await getTranslations('invitation');
  const roles = await getTranslations('roles');
  const expiresAt = new Date(invitation.expiresAt);
  const path = `/invitations/${encodeURIComponent(invitation.id)}`;

  if (invitation.status === 'accepted') {
    const isInvitee = user?.email?.toLowerCase() === invitation.email.toLowerCase();
    return (
      <InvitationCard organization={organization} title={t('acceptedTitle')}>
        <p>{t('acceptedBody', { email: invitation.email, organization: organization.name })}</p>
        {isInvitee && (
          <ButtonLink href={`/o/${organization.id}`}>{t('goTo', { organization: organization.name })}</ButtonLink>
        )}
      </InvitationCard>
    );
  }
  if (invitation.status === 'revoked') {
    return (
      <InvitationCard organization={organization} title={declined ? t('declinedTitle') : t('revokedTitle')}>
        <p>{declined ? t('declinedBody', { organization: organization.name }) : t('revokedBody', { organization: organization.name })}</p>
      </InvitationCard>
    );
  }
  if (invitation.status === 'expired') {
    return (
      <InvitationCard organization={organization} title={t('expiredTitle')}>
        <p>{t('expiredBody', { date: expiresAt, organization: organization.name })}</p>
      </InvitationCard>
    );
  }

  const invitedValues = { email: invitation.email, organization: organization.name, role: roles('name', { role: invitation.role }), strong: (chunks: React.ReactNode) => <strong className="wrap-anywhere">{chunks}</strong> };
  const invited = (
    <p>{invitation.inviterName ? t.rich('invitedBy', { ...invitedValues, inviter: invitation.inviterName }) : t.rich('invited', invitedValues)}</p>
  );
  const title = t('joinTitle', { organization: organization.name });

  if (!user) {
    // organizationId: Logto's sign-in page shows the organization's logo and colours.
    const query = new URLSearchParams({ returnTo: path, loginHint: invitation.email, organizationId: organization.id }).toString();
    return (
      <InvitationCard organization={organization} title={title}>
        {invited}
        <p className="text-sm">{t('signInHint', { email: invitation.email })}</p>
        {/* Plain links: /sign-in and /sign-up are route handlers that redirect to Logto. */}
        <div className="flex flex-wrap justify-center gap-3">
          <ButtonAnchor href={`/sign-in?${query}`}>{t('signInToAccept')}</ButtonAnchor>
          <ButtonAnchor href={`/sign-up?${query}`} variant="secondary">
            {t('createAccount')}
          </ButtonAnchor>
        </div>
      </InvitationCard>
    );
  }

  if (user.email?.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <InvitationCard organization={organization} title={t('otherAccountTitle')}>
        {invited}
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {t.rich('otherAccountBody', { current: user.email ?? user.name, email: invitation.email, strong: (chunks) => <strong className="wrap-anywhere">{chunks}</strong> })}
        </p>
        <div className="flex flex-wrap justify-center gap-3">
          <form action={switchInvitationAccountAction.bind(null, invitation.id)}>
            <SubmitButton pendingLabel={t('signingOut')}>{t('switchAccount')}</SubmitButton>
          </form>
          <ButtonLink href="/dashboard" variant="secondary">
            {t('stay')}
          </ButtonLink>
        </div>
      </InvitationCard>
    );
  }

  return (
    <InvitationCard organization={organization} title={title}>
      {invited}
      <p className="text-sm">{t('validUntil', { date: expiresAt })}</p>
      <InvitationResponse
        organizationName={organization.name}
        acceptAction={acceptInvitationAction.bind(null, invitation.id)}
        declineAction={declineInvitationAction.bind(null, invitation.id)}
      />
    </InvitationCard>
  );
}
