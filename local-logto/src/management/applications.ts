import { z } from 'zod';

import { ApiError, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { longId, standardSecret } from '../db/ids.js';
import {
  deleteApplication,
  findApplication,
  insertApplication,
  insertApplicationSecret,
  listApplicationSecrets,
  listApplications,
  toApiApplication,
  toApiApplicationSecret,
  updateApplication,
} from '../store/applications.js';
import { param, query, type ManagementRouter } from './context.js';
import { emptyUpdate, notExistsWithId } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const applicationType = z.enum(['Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML']);
const uri = z.string().refine((value) => URL.canParse(value));

const listQuery = z.object({ types: z.union([z.array(applicationType), applicationType]).optional() });

// Logto requires both arrays whenever oidcClientMetadata is sent.
const updateBody = z.object({
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  oidcClientMetadata: z.object({ redirectUris: z.array(uri), postLogoutRedirectUris: z.array(uri) }).optional(),
  customClientMetadata: z.record(z.string(), z.unknown()).optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
});

const createBody = z.object({
  name: z.string().min(1).max(256),
  type: applicationType,
  description: z.string().nullable().optional(),
  oidcClientMetadata: z.object({ redirectUris: z.array(uri), postLogoutRedirectUris: z.array(uri) }).optional(),
  customClientMetadata: z.record(z.string(), z.unknown()).optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
});

/** Types that hold secrets in Logto (`hasSecrets`); others get none. */
const TYPES_WITH_SECRETS = new Set(['MachineToMachine', 'Traditional', 'Protected']);

/**
 * Applications: created (as Logto 1.37: 200, the body with its internal `secret`, plus a
 * "Default secret" the token endpoint accepts), read, their URIs and names changed, deleted
 * (with their secrets and organization memberships, so their credentials stop working).
 */
export function registerApplicationRoutes(api: ManagementRouter): void {
  const { database } = api;

  api.get('/api/applications', async (context) => {
    const { types } = parseInput(listQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const all = await listApplications(database, typeof types === 'string' ? [types] : types);
    const items = (page ? all.slice(page.offset, page.offset + page.limit) : all).map(toApiApplication);
    return page ? ok(items, pageHeaders(context.url, page, all.length)) : ok(items);
  });

  api.post('/api/applications', async (context) => {
    const { oidcClientMetadata, ...body } = parseInput(createBody, await readJsonBody(context.req));
    if (body.type === 'SAML') {
      throw new ApiError(400, 'application.saml.use_saml_app_api', 'Use SAML app API to manage SAML apps.');
    }
    if (body.type === 'Protected') {
      throw new ApiError(400, 'application.protected_app_metadata_is_required', 'Protected app metadata is required for Protected type.');
    }
    const id = longId();
    const app = await database.transaction(async (tx) => {
      await insertApplication(tx, {
        id,
        name: body.name,
        secret: `internal:${standardSecret()}`,
        description: body.description ?? null,
        type: body.type,
        redirectUris: oidcClientMetadata?.redirectUris,
        postLogoutRedirectUris: oidcClientMetadata?.postLogoutRedirectUris,
      });
      if (body.customClientMetadata || body.customData) {
        await updateApplication(tx, id, { customClientMetadata: body.customClientMetadata, customData: body.customData });
      }
      if (TYPES_WITH_SECRETS.has(body.type)) {
        await insertApplicationSecret(tx, { applicationId: id, name: 'Default secret', value: standardSecret(), expiresAt: null });
      }
      return findApplication(tx, id);
    });
    if (!app) {
      throw notExistsWithId('applications', id);
    }
    return ok(toApiApplication(app));
  });

  api.delete('/api/applications/:id', async (context) => {
    const id = param(context, 'id');
    if (!(await deleteApplication(database, id))) {
      throw notExistsWithId('applications', id);
    }
    return noContent();
  });

  api.get('/api/applications/:id/secrets', async (context) => {
    const id = param(context, 'id');
    if (!(await findApplication(database, id))) {
      throw notExistsWithId('applications', id);
    }
    return ok((await listApplicationSecrets(database, id)).map(toApiApplicationSecret));
  });

  api.get('/api/applications/:id', async (context) => {
    const id = param(context, 'id');
    const app = await findApplication(database, id);
    if (!app) {
      throw notExistsWithId('applications', id);
    }
    return ok({ ...toApiApplication(app), isAdmin: false });
  });

  api.patch('/api/applications/:id', async (context) => {
    const id = param(context, 'id');
    const { oidcClientMetadata, ...patch } = parseInput(updateBody, await readJsonBody(context.req));
    if (!(await findApplication(database, id))) {
      throw notExistsWithId('applications', id);
    }
    if (!oidcClientMetadata && Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    const app = await updateApplication(database, id, { ...patch, ...oidcClientMetadata });
    if (!app) {
      throw notExistsWithId('applications', id);
    }
    return ok(toApiApplication(app));
  });

  api.get('/api/configs/id-token', async () =>
    ok({ enabledExtendedClaims: ['roles', 'organizations', 'organization_roles'] }),
  );
}
