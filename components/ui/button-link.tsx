import Link, { type LinkProps } from 'next/link';

const variants = {
  primary:
    'bg-brand-600 text-white hover:bg-brand-700 dark:bg-brand-500 dark:hover:bg-brand-600',
  secondary:
    'border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  /** The confirming click of something that can't be undone (delete, remove, revoke, leave). */
  danger: 'bg-red-700 text-white hover:bg-red-800 dark:bg-red-700 dark:hover:bg-red-800',
} as const;

export type ButtonVariant = keyof typeof variants;

export const buttonClasses = (variant: ButtonVariant = 'primary') =>
  `inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]}`;

export function ButtonLink<Route extends string>({
  variant = 'primary',
  className = '',
  ...props
}: LinkProps<Route> & { variant?: ButtonVariant; className?: string; children: React.ReactNode }) {
  return <Link {...props} className={`${buttonClasses(variant)} ${className}`} />;
}

/**
 * A plain anchor styled as a button, for URLs that are not pages (route handlers such as
 * /sign-in that redirect to Logto): next/link would try a client-side transition to them.
 */
export function ButtonAnchor({
  variant = 'primary',
  className = '',
  ...props
}: React.AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: ButtonVariant }) {
  return <a {...props} className={`${buttonClasses(variant)} ${className}`} />;
}
