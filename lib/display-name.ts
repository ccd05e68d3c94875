// How people and organizations are shown by name. No server code: client components use it too.

type NamedUser = { name?: string | null; username?: string | null; primaryEmail?: string | null };

/**
 * A user's name as shown in lists and logs: their name, else username, else e-mail; null when
 * they have none of these (the caller says so in the reader's language, see PeopleNames).
 */
export function displayNameOf(user: NamedUser): string | null {
  return user.name || user.username || user.primaryEmail || null;
}

/**
 * What stands for a person without a name we can show, in the reader's language
 * (lib/people-names.ts makes them from the catalogue's `people`).
 */
export type PeopleNames = {
  /** A user with no name, username or e-mail. */
  unnamed: string;
  /** A user Logto could not tell us about just now. */
  unknown: string;
  /** A user who no longer exists. */
  deleted: string;
  /** An API key acting (the activity log's actor for a key's requests). */
  apiKey: (name: string) => string;
};

/** Two letters for an avatar: the first letters of the first two words, else the first two. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/[\s._@-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.trim().slice(0, 2);
  return letters.toUpperCase() || '?';
}
