'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';

type Organization = { id: string; name: string };

/**
 * The organizations menu in the header: the user's organizations with the current one marked,
 * plus the dashboard and "Create organization". Arrow keys, Home and End move between items;
 * Escape closes and returns focus to the button.
 */
export function OrganizationSwitcher({ organizations, unavailable = false }: { organizations: Organization[]; unavailable?: boolean }) {
  const params = useParams<{ orgId?: string }>();
  const current = organizations.find((organization) => organization.id === params.orgId);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const items = () => Array.from(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const all = items();
    (all.find((item) => item.getAttribute('aria-current') === 'page') ?? all[0])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function onKeyDown(event: React.KeyboardEvent) {
    if (!open) return;
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => all[(next + all.length) % all.length]?.focus();
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        setOpen(false);
        buttonRef.current?.focus();
        break;
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(all.length - 1);
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  const itemClasses =
    'flex w-full items-center justify-between gap-2 rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800';

  return (
    <div ref={rootRef} className="relative" onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex max-w-64 items-center gap-2 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
      >
        <span className="sr-only">Switch organization, current: </span>
        <span className="truncate">{current?.name ?? 'Organizations'}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Organizations"
          className="absolute left-0 z-20 mt-2 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {unavailable && <p className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">Your organizations could not be loaded.</p>}
          {organizations.map((organization) => (
            <Link
              key={organization.id}
              href={`/o/${organization.id}`}
              role="menuitem"
              aria-current={organization.id === current?.id ? 'page' : undefined}
              onClick={() => setOpen(false)}
              className={itemClasses}
            >
              <span className="truncate">{organization.name}</span>
              {organization.id === current?.id && <span aria-hidden="true">✓</span>}
            </Link>
          ))}
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-700" role="separator" />
          <Link href="/dashboard" role="menuitem" onClick={() => setOpen(false)} className={itemClasses}>
            All organizations
          </Link>
          <Link href="/organizations/new" role="menuitem" onClick={() => setOpen(false)} className={itemClasses}>
            + Create organization
          </Link>
        </div>
      )}
    </div>
  );
}
