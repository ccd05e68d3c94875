// What the app asks Logto for at sign-in. No server-only import: the doctor (scripts and
// instrumentation.ts) compares exactly this with the tenant.
import { SIGN_IN_SCOPES } from '@/lib/auth/scopes';

export const CALLBACK_PATH = '/callback';

/** Every scope of the sign-in request (the SDK adds openid and offline_access). */
export const APP_SIGN_IN_SCOPES: readonly string[] = ['email', 'profile', ...SIGN_IN_SCOPES];

/** The API resources of the sign-in request: the app's own, for `create:organizations`. */
export const appSignInResources = (apiResource: string): string[] => [apiResource];
