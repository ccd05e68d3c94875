import 'server-only';

import { getEnv } from '@/lib/env';

import { createManagementApi, type ManagementApi } from './management-api';

// One client per process, so its cached M2M token is shared by every request.
const globalForApi = globalThis as typeof globalThis & { __managementApi?: ManagementApi };

export function getManagementApi(): ManagementApi {
  if (!globalForApi.__managementApi) {
    const { logto } = getEnv();
    globalForApi.__managementApi = createManagementApi({
      endpoint: logto.endpoint,
      appId: logto.m2mAppId,
      appSecret: logto.m2mAppSecret,
      resource: logto.managementApiResource,
    });
  }
  return globalForApi.__managementApi;
}
