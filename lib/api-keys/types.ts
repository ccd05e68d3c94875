import type { ApiKeyRole } from '@/lib/auth/scopes';

// What the API keys page's client components import: no zod here (zod's eval probe would
// trip the Content-Security-Policy in the browser).

export const API_KEY_NAME_MAX = 64;

/** A key as the page lists it. */
export type ApiKeyDto = {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The Logto application id: the client id of the key. */
  clientId: string;
  createdBy: { id: string; name: string };
  createdAt: string;
  lastUsedAt: string | null;
};

/** What the page shows once, right after creation; the secret is never stored by the app. */
export type CreatedApiKeyDto = {
  id: string;
  name: string;
  role: ApiKeyRole;
  clientId: string;
  clientSecret: string;
  /** The scopes to ask for: Logto puts into a machine's organization token only the scopes it requests. */
  scopes: string[];
};
