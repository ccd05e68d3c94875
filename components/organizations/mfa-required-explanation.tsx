import type { Route } from 'next';
import Link from 'next/link';

import { ButtonAnchor, ButtonLink } from '@/components/ui/button-link';

// Every text of the page, together (they move to the message catalogues with the i18n work).
const TEXT = {
  heading: 'Two-step verification required',
  why: (name: string) =>
    `${name} requires two-step verification (MFA) for its members. Your account doesn't have it set up yet, so Logto doesn't let this app into the organization for you.`,
  what: 'Set up an authenticator app for your account, then come back and try again. You stay signed in: no need to sign in again.',
  setUp: 'Set up two-step verification',
  retry: 'Try again',
  back: 'Back to your organizations',
};

/** Why an organization that requires MFA refuses this member, and where to set it up. */
export function MfaRequiredExplanation({ organizationName, organizationHref, setupUrl }: { organizationName: string; organizationHref: Route; setupUrl: string }) {
  return (
    <section aria-labelledby="mfa-required-heading" className="mx-auto max-w-xl py-12">
      <h1 id="mfa-required-heading" className="text-2xl font-bold tracking-tight">
        {TEXT.heading}
      </h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-200">{TEXT.why(organizationName)}</p>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">{TEXT.what}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <ButtonAnchor href={setupUrl} rel="noopener noreferrer">
          {TEXT.setUp}
        </ButtonAnchor>
        <ButtonLink href={organizationHref} variant="secondary">
          {TEXT.retry}
        </ButtonLink>
      </div>
      <p className="mt-8 text-sm">
        <Link href="/dashboard" className="text-brand-700 underline underline-offset-2 dark:text-brand-300">
          {TEXT.back}
        </Link>
      </p>
    </section>
  );
}
