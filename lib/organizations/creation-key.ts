// Which idempotency key a create-organization submission carries, decided in the browser.
//
// The page renders a fresh key, so a reload while "Creating…" would hand the next submission a
// new key and make a second organization (the first request goes on on the server). The form
// therefore remembers, for the tab (sessionStorage), the key it last sent and what it sent it
// for: submitting the same name and description again within the window reuses that key, and
// the server answers with the organization the first submission made (or waits for it).
// Anything else gets a new key.

/** As long as the server keeps a pending creation (STALE_CREATION_MS). */
export const CREATION_REPLAY_WINDOW_MS = 5 * 60 * 1000;

export type RememberedCreation = { key: string; fingerprint: string; sentAt: number };

export function creationFingerprint(name: string, description: string) {
  return JSON.stringify([name.trim(), description.trim()]);
}

/** The key to send: the remembered one for the same content within the window, else `fresh()`. */
export function creationKeyFor(
  remembered: RememberedCreation | null,
  fingerprint: string,
  now: number,
  fresh: () => string,
): RememberedCreation {
  if (remembered && remembered.fingerprint === fingerprint && now - remembered.sentAt >= 0 && now - remembered.sentAt < CREATION_REPLAY_WINDOW_MS) {
    return remembered;
  }
  return { key: fresh(), fingerprint, sentAt: now };
}

/** Reads what sessionStorage holds, or null for anything that is not a remembered creation. */
export function parseRememberedCreation(raw: string | null): RememberedCreation | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { key, fingerprint, sentAt } = value as Record<string, unknown>;
    return typeof key === 'string' && typeof fingerprint === 'string' && typeof sentAt === 'number' ? { key, fingerprint, sentAt } : null;
  } catch {
    return null;
  }
}
