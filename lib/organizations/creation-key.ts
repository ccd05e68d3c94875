// Which idempotency key a create-organization submission carries, decided in the browser.
//
// The page renders a fresh key, so a reload while "Creating…" would hand the next submission a
// new key and make a second organization (the first request goes on on the server). The form
// therefore remembers, for the tab and the signed-in user (sessionStorage), the key it last sent
// and what it sent it for: submitting the same name and description again within the window
// reuses that key, and the server answers with the organization the first submission made (or
// waits for it). Anything else gets a new key. The app cannot tell such a retry from someone
// who wants a second organization with the same name and description within the window; they
// land in the first one.

/**
 * Longer than the server keeps a pending creation alive (STALE_CREATION_MS, 5 minutes): a
 * retry of a submission that died after Logto made the organization still carries its key, so
 * the server takes the dead claim over and removes that organization before making one.
 */
export const CREATION_REPLAY_WINDOW_MS = 10 * 60 * 1000;

/** A version 4 UUID, also where `crypto.randomUUID` is missing (pages served over plain http). */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
