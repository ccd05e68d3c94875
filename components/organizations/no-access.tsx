import { ButtonLink } from '@/components/ui/button-link';

/** Shown instead of an organization's pages to someone who is not (or no longer) a member. */
export function NoAccess() {
  return (
    <section aria-labelledby="no-access-heading" className="mx-auto max-w-md py-16 text-center">
      <h1 id="no-access-heading" className="text-2xl font-bold tracking-tight">
        You don&apos;t have access to this organization
      </h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-300">
        It doesn&apos;t exist, or you are not a member of it. If you expected to be, ask one of its admins for an invitation.
      </p>
      <ButtonLink href="/dashboard" className="mt-6">
        Back to your organizations
      </ButtonLink>
    </section>
  );
}
