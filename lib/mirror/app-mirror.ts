import 'server-only';

import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import type { ManagementApi } from '@/lib/logto/management-api';
import { getManagementApi } from '@/lib/logto/management-api-client';

import { createMirror, type Mirror } from './mirror';
import { mirrorReadApi, writeThroughApi } from './mirrored-api';

// The app's mirror and the two Management API views built on it: one per process (on
// globalThis, so Next's dev-mode module reloads reuse it and its per-organization queue).
const globalForMirror = globalThis as typeof globalThis & {
  __logtoMirror?: Promise<Mirror>;
  __writeThroughApi?: ManagementApi;
  __mirrorReadApi?: ManagementApi;
};

export function getMirror(): Promise<Mirror> {
  globalForMirror.__logtoMirror ??= getDb().then((db) => createMirror({ db, api: getManagementApi(), ttlMs: getEnv().mirrorTtlMs }));
  const opening = globalForMirror.__logtoMirror;
  opening.catch(() => {
    if (globalForMirror.__logtoMirror === opening) globalForMirror.__logtoMirror = undefined;
  });
  return opening;
}

/** For writes (server actions): Logto answers every call; successful changes also update the mirror. */
export function getWriteThroughManagementApi(): ManagementApi {
  globalForMirror.__writeThroughApi ??= writeThroughApi(getManagementApi(), getMirror);
  return globalForMirror.__writeThroughApi;
}

/** For pages: organizations, members, users and invitations come from the mirror. */
export function getMirrorReadManagementApi(): ManagementApi {
  globalForMirror.__mirrorReadApi ??= mirrorReadApi(getManagementApi(), getMirror);
  return globalForMirror.__mirrorReadApi;
}
