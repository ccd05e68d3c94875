import type { Metadata } from 'next';
import { connection } from 'next/server';

import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Logto Organizations SaaS Starter', template: '%s · SaaS Starter' },
  description: 'A multi-tenant SaaS starter on Next.js and Logto organizations.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts must carry this response's CSP nonce (proxy.ts),
  // which a page prerendered at build time cannot know.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
