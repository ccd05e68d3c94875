// How people and organizations are shown by name. No server code: client components use it too.

type NamedUser = { name?: string | null; username?: string | null; primaryEmail?: string | null };

/** A user's name as shown in lists and logs: their name, else username, else e-mail. */
export function displayNameOf(user: NamedUser, fallback = 'Unnamed user'): string {
  return user.name || user.username || user.primaryEmail || fallback;
}

/** Two letters for an avatar: the first letters of the first two words, else the first two. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/[\s._@-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : name.trim().slice(0, 2);
  return letters.toUpperCase() || '?';
}
