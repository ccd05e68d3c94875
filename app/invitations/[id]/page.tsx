import type { Metadata } from 'next';
import Link from 'next/link';

import { InvitationCard } from '@/components/invitations/invitation-card';
import { InvitationResponse } from '@/components/invitations/invitation-response';
import { ButtonAnchor, ButtonLink } from '@/components/ui/button-link';
import { SubmitButton } from '@/components/ui/form';
import { getCurrentUser } from '@/lib/auth/session';
import { getManagementApi } from '@/lib/logto/management-api-client';
import { acceptInvitationAction, declineInvitationAction, switchInvitationAccountAction } from '@/lib/organizations/invitations/invitee-actions';
import { getInvitationView, type InvitationViewDto } from '@/lib/organizations/invitations/view';

export const metadata: Metadata = { title: 'Invitation' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

// Outside the signed-in shell on purpose: the invitee usually arrives signed out, often
// without an account yet.
export default async function InvitationPage({ params, searchParams }: PageProps<'/invitations/[id]'>) {
  const { id } = await params;
  const { declined } = await searchParams;
  const [invitation, user] = await Promise.all([getInvitationView({ api: getManagementApi() }, id), getCurrentUser()]);

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto max-w-5xl px-4 py-3 sm:px-6">
          <Link href="/" className="text-base font-bold tracking-tight">
            SaaS Starter
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-lg flex-1 px-4 py-12 sm:px-6">
        {invitation ? (
          <InvitationBody invitation={invitation} user={user} declined={declined === '1'} />
        ) : (
          <section aria-labelledby="invitation-heading" className="text-center">
            <h1 id="invitation-heading" className="text-2xl font-bold tracking-tight">
              Invitation not found
            </h1>
            <p className="mt-3 text-zinc-600 dark:text-zinc-300">
              This link does not lead to an invitation. It may have been mistyped, or its organization no longer exists.
            </p>
            <ButtonLink href="/" className="mt-6">
              Go to the home page
            </ButtonLink>
          </section>
        )}
      </main>
    </div>
  );
}

type Viewer = Awaited<ReturnType<typeof getCurrentUser>>;

function InvitationBody({ invitation, user, declined }: { invitation: InvitationViewDto; user: Viewer; declined: boolean }) {
  const { organization } = invitation;
  const path = `/invitations/${encodeURIComponent(invitation.id)}`;

  if (invitation.status === 'accepted') {
    const isInvitee = user?.email?.toLowerCase() === invitation.email.toLowerCase();
    return (
      <InvitationCard organization={organization} title="This invitation was already accepted">
        <p>
          The invitation for {invitation.email} to join {organization.name} has been used.
        </p>
        {isInvitee && (
          <ButtonLink href={`/o/${organization.id}`}>Go to {organization.name}</ButtonLink>
        )}
      </InvitationCard>
    );
  }
  if (invitation.status === 'revoked') {
    return (
      <InvitationCard organization={organization} title={declined ? 'You declined the invitation' : 'This invitation was revoked'}>
        <p>
          {declined
            ? `You won't join ${organization.name}. If you change your mind, ask one of its admins for a new invitation.`
            : `It can no longer be used. If you still want to join ${organization.name}, ask one of its admins for a new invitation.`}
        </p>
      </InvitationCard>
    );
  }
  if (invitation.status === 'expired') {
    return (
      <InvitationCard organization={organization} title="This invitation has expired">
        <p>
          It was valid until {dateFormat.format(new Date(invitation.expiresAt))}. Ask an admin of {organization.name} for a new
          invitation.
        </p>
      </InvitationCard>
    );
  }

  const invited = (
    <p>
      {invitation.inviterName && `${invitation.inviterName} invited `}
      <strong className="wrap-anywhere">{invitation.email}</strong>
      {invitation.inviterName ? ' to join ' : ' is invited to join '}
      <strong>{organization.name}</strong> as <strong>{invitation.role}</strong>.
    </p>
  );
  const title = `Join ${organization.name}`;

  if (!user) {
    // organizationId: Logto's sign-in page shows the organization's logo and colours.
    const query = new URLSearchParams({ returnTo: path, loginHint: invitation.email, organizationId: organization.id }).toString();
    return (
      <InvitationCard organization={organization} title={title}>
        {invited}
        <p className="text-sm">Sign in as {invitation.email} to accept, or create an account with that address.</p>
        {/* Plain links: /sign-in and /sign-up are route handlers that redirect to Logto. */}
        <div className="flex flex-wrap justify-center gap-3">
          <ButtonAnchor href={`/sign-in?${query}`}>Sign in to accept</ButtonAnchor>
          <ButtonAnchor href={`/sign-up?${query}`} variant="secondary">
            Create an account
          </ButtonAnchor>
        </div>
      </InvitationCard>
    );
  }

  if (user.email?.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <InvitationCard organization={organization} title="This invitation is for another account">
        {invited}
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          You are signed in as <strong className="wrap-anywhere">{user.email ?? user.name}</strong>. To accept, switch to the account
          for <strong className="wrap-anywhere">{invitation.email}</strong>.
        </p>
        <div className="flex flex-wrap justify-center gap-3">
          <form action={switchInvitationAccountAction.bind(null, invitation.id)}>
            <SubmitButton pendingLabel="Signing out…">Sign out and switch account</SubmitButton>
          </form>
          <ButtonLink href="/dashboard" variant="secondary">
            Stay signed in
          </ButtonLink>
        </div>
      </InvitationCard>
    );
  }

  return (
    <InvitationCard organization={organization} title={title}>
      {invited}
      <p className="text-sm">The invitation is valid until {dateFormat.format(new Date(invitation.expiresAt))}.</p>
      <InvitationResponse
        organizationName={organization.name}
        acceptAction={acceptInvitationAction.bind(null, invitation.id)}
        declineAction={declineInvitationAction.bind(null, invitation.id)}
      />
    </InvitationCard>
  );
}
