import { z } from 'zod';

import { ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { findApplication, listApplications, toApiApplication, updateApplication } from '../store/applications.js';
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

/** Applications can be read, and their URIs and names changed; none are created here. */
export function registerApplicationRoutes(api: ManagementRouter): void {
  const { database } = api;

  api.get('/api/applications', async (context) => {
    const { types } = parseInput(listQuery, query(context), 'query');
    const page = readPage(context.url, 'optional');
    const all = await listApplications(database, typeof types === 'string' ? [types] : types);
    const items = (page ? all.slice(page.offset, page.offset + page.limit) : all).map(toApiApplication);
    return page ? ok(items, pageHeaders(context.url, page, all.length)) : ok(items);
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
