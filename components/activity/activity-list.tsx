import type { ActivityDto } from '@/lib/organizations/activity';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The activity log as sentences: who, what, when (UTC, rendered on the server). */
export function ActivityList({ items }: { items: ActivityDto[] }) {
  if (items.length === 0) {
    return (
      <p className="mt-6 rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        Nothing has happened here yet.
      </p>
    );
  }
  return (
    <ol className="mt-4 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Activity">
      {items.map((item) => (
        <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
          <p className="min-w-0 break-words">
            <span className="font-medium">{item.actor.name}</span> {item.summary}
          </p>
          <time dateTime={item.createdAt} className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
            {dateFormat.format(new Date(item.createdAt))} UTC
          </time>
        </li>
      ))}
    </ol>
  );
}
