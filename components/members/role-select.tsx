import { useTranslations } from 'next-intl';

import type { OrganizationRole } from '@/lib/auth/scopes';

const selectClasses =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm capitalize shadow-sm aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-invalid:border-red-400';

type Props = {
  id: string;
  label: string;
  roles: readonly OrganizationRole[];
  errors?: string[];
  hideLabel?: boolean;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'>;

/** A labelled role picker whose errors are tied to it with aria-describedby (form field `role`). */
export function RoleSelect({ id, label, roles, errors, hideLabel = false, className = '', ...props }: Props) {
  const t = useTranslations('roles');
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium'}>
        {label}
      </label>
      <select id={id} name="role" className={selectClasses} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} {...props}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {t('name', { role })}
          </option>
        ))}
      </select>
      {errorId && (
        <p id={errorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {errors?.join(' ')}
        </p>
      )}
    </div>
  );
}
