import { z } from 'zod';

import { created, createdText, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import {
  addJitRoles,
  deleteJitEmailDomain,
  deleteJitRole,
  insertJitEmailDomain,
  listJitEmailDomains,
  listJitRoles,
  replaceJitEmailDomains,
  replaceJitRoles,
  toApiJitEmailDomain,
} from '../store/jit.js';
import { toApiOrganizationRole } from '../store/organization-template.js';
import { findOrganization } from '../store/organizations.js';
import { param, type ManagementRouter } from './context.js';
import { checkIdLengths, notExistsWithId, notFound, withConstraintErrors } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

// Logto's organization JIT routes (`/api/organizations/:id/jit/email-domains` and
// `/jit/roles`), with its shapes: both lists are paginated only when a page is asked for.
// Logto checks neither the form of a domain (it stores "@bad domain") nor, for e-mail
// domains, that the organization exists before listing (an unknown one lists nothing).

const emailDomainBody = z.object({ emailDomain: z.string().min(1) });
const emailDomainsBody = z.object({ emailDomains: z.array(z.string()) });
const addRoleIdsBody = z.object({ organizationRoleIds: z.array(z.string().min(1)).min(1) });
const replaceRoleIdsBody = z.object({ organizationRoleIds: z.array(z.string().min(1)) });

export function registerOrganizationJitRoutes(api: ManagementRouter): void {
  const { database } = api;

  api.get('/api/organizations/:id/jit/email-domains', async (context) => {
    const page = readPage(context.url, 'optional');
    const { items, total } = await listJitEmailDomains(database, param(context, 'id'), page);
    return ok(items.map(toApiJitEmailDomain), page ? pageHeaders(context.url, page, total) : undefined);
  });

  api.post('/api/organizations/:id/jit/email-domains', async (context) => {
    const { emailDomain } = parseInput(emailDomainBody, await readJsonBody(context.req));
    const record = await withConstraintErrors(() => insertJitEmailDomain(database, param(context, 'id'), emailDomain));
    return created(toApiJitEmailDomain(record));
  });

  api.put('/api/organizations/:id/jit/email-domains', async (context) => {
    const { emailDomains } = parseInput(emailDomainsBody, await readJsonBody(context.req));
    const organizationId = param(context, 'id');
    await withConstraintErrors(() => database.transaction((tx) => replaceJitEmailDomains(tx, organizationId, emailDomains)));
    return noContent();
  });

  api.delete('/api/organizations/:id/jit/email-domains/:emailDomain', async (context) => {
    if (!(await deleteJitEmailDomain(database, param(context, 'id'), param(context, 'emailDomain')))) {
      throw notFound();
    }
    return noContent();
  });

  api.get('/api/organizations/:id/jit/roles', async (context) => {
    const organizationId = param(context, 'id');
    const page = readPage(context.url, 'optional');
    if (!(await findOrganization(database, organizationId))) throw notExistsWithId('organizations', organizationId);
    const { items, total } = await listJitRoles(database, organizationId, page);
    return ok(items.map(toApiOrganizationRole), page ? pageHeaders(context.url, page, total) : undefined);
  });

  api.post('/api/organizations/:id/jit/roles', async (context) => {
    const { organizationRoleIds } = parseInput(addRoleIdsBody, await readJsonBody(context.req));
    const organizationId = param(context, 'id');
    await withConstraintErrors(() =>
      database.transaction((tx) => addJitRoles(tx, organizationId, checkIdLengths(organizationRoleIds))),
    );
    return createdText();
  });

  api.put('/api/organizations/:id/jit/roles', async (context) => {
    const { organizationRoleIds } = parseInput(replaceRoleIdsBody, await readJsonBody(context.req));
    const organizationId = param(context, 'id');
    await withConstraintErrors(() =>
      database.transaction((tx) => replaceJitRoles(tx, organizationId, checkIdLengths(organizationRoleIds))),
    );
    return noContent();
  });

  api.delete('/api/organizations/:id/jit/roles/:organizationRoleId', async (context) => {
    if (!(await deleteJitRole(database, param(context, 'id'), param(context, 'organizationRoleId')))) {
      throw notFound();
    }
    return noContent();
  });
}
