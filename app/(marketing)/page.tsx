import { ButtonAnchor } from '@/components/ui/button-link';

const features = [
  {
    title: 'Every customer is an organization',
    body: 'Users create organizations from a form. A server action checks their permission and calls the Logto Management API, with no orphan left behind on failure.',
  },
  {
    title: 'Tenant isolation you can audit',
    body: 'Organization-scoped routes verify Logto organization tokens: signature, issuer, audience and scopes. A token for one organization is worthless on another.',
  },
  {
    title: 'Runs with no account',
    body: 'A bundled local Logto and an embedded PostgreSQL (PGlite) start with the app. Point environment variables at Logto Cloud when you are ready.',
  },
];

export default function LandingPage() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-4 py-4 sm:px-6">
          <span className="text-base font-bold tracking-tight">SaaS Starter</span>
          <ButtonAnchor href="/sign-in" variant="secondary">
            Sign in
          </ButtonAnchor>
        </nav>
      </header>

      <main id="main" className="flex-1">
        <section className="mx-auto max-w-5xl px-4 py-16 sm:px-6 sm:py-24">
          <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">Next.js + Logto organizations</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl">
            The multi-tenant SaaS starter that gets organizations right
          </h1>
          <p className="mt-6 max-w-2xl text-lg text-zinc-600 dark:text-zinc-300">
            Sign up, create an organization, invite your team and work inside it. Every organization-scoped
            request is checked against a verified Logto organization token, next to the data it touches.
          </p>
          <div className="mt-10 flex flex-wrap gap-3">
            <ButtonAnchor href="/sign-up">Get started</ButtonAnchor>
            <ButtonAnchor href="/sign-in" variant="secondary">
              Sign in
            </ButtonAnchor>
          </div>
        </section>

        <section aria-labelledby="features-heading" className="border-t border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/50">
          <div className="mx-auto max-w-5xl px-4 py-16 sm:px-6">
            <h2 id="features-heading" className="text-2xl font-bold tracking-tight">
              What you get
            </h2>
            <ul className="mt-8 grid gap-6 sm:grid-cols-3">
              {features.map((feature) => (
                <li key={feature.title} className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
                  <h3 className="font-semibold">{feature.title}</h3>
                  <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{feature.body}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">
          Open-source starter. Bring your own Logto tenant, or use the bundled local one.
        </div>
      </footer>
    </div>
  );
}
