import { z } from 'zod';

import { ApiError, createdText, noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { toApiApplication } from '../store/applications.js';
import {
  addApplicationOrganizationRoles,
  addOrganizationApplications,
  findApplicationOrganizationRoles,
  findApplicationTypes,
  findRoleTypes,
  isOrganizationApplication,
  listOrganizationApplications,
  removeApplicationOrganizationRole,
  removeOrganizationApplication,
} from '../store/organization-applications.js';
import { toApiOrganizationRole } from '../store/organization-template.js';
import { param, type ManagementRouter } from './context.js';
import { checkIdLengths, notFound, relationNotFound, withConstraintErrors } from './errors.js';
import { pageHeaders, readPage } from './pagination.js';

const applicationIdsBody = z.object({ applicationIds: z.array(z.string().min(1)).min(1) });
const roleIdsBody = z.object({ organizationRoleIds: z.array(z.string().min(1)).min(1) });

/** Logto's database refuses a non-M2M app in an organization, and a User role for an app. */
const constraintViolated = (): ApiError => new ApiError(422, 'entity.db_constraint_violated', 'Database constraint violated.');

/** Logto's code for "not in the organization", shared with users (its message names the user). */
const requireApplicationMembership = (): ApiError =>
  new ApiError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');

/**
 * Machine-to-machine apps in organizations (Logto's `/organizations/:id/applications` and
 * `.../applications/:applicationId/roles`). Their roles decide the scopes of the organization
 * tokens the apps get with `client_credentials` and `organization_id` (oidc/grants.ts).
 */
export function registerOrganizationApplicationRoutes(api: ManagementRouter): void {
  const { database } = api;

  api.get('/api/organizations/:id/applications', async (context) => {
    const page = readPage(context.url, 'always');
    const { applications, total } = await listOrganizationApplications(database, param(context, 'id'), page);
    return ok(
      applications.map(({ organizationRoles, ...app }) => ({ ...toApiApplication(app), organizationRoles })),
      pageHeaders(context.url, page, total),
    );
  });

  api.post('/api/organizations/:id/applications', async (context) => {
    const organizationId = param(context, 'id');
    const applicationIds = [...new Set(parseInput(applicationIdsBody, await readJsonBody(context.req)).applicationIds)];
    checkIdLengths(applicationIds);
    const types = await findApplicationTypes(database, applicationIds);
    if (applicationIds.some((id) => !types.has(id))) throw relationNotFound();
    if ([...types.values()].some((type) => type !== 'MachineToMachine')) throw constraintViolated();
    await withConstraintErrors(() => database.transaction((tx) => addOrganizationApplications(tx, organizationId, applicationIds)));
    return createdText();
  });

  api.delete('/api/organizations/:id/applications/:applicationId', async (context) => {
    if (!(await removeOrganizationApplication(database, param(context, 'id'), param(context, 'applicationId')))) {
      throw notFound();
    }
    return noContent();
  });

  const requireMember = async (organizationId: string, applicationId: string) => {
    if (!(await isOrganizationApplication(database, organizationId, applicationId))) throw requireApplicationMembership();
  };

  api.get('/api/organizations/:id/applications/:applicationId/roles', async (context) => {
    const organizationId = param(context, 'id');
    const applicationId = param(context, 'applicationId');
    await requireMember(organizationId, applicationId);
    return ok((await findApplicationOrganizationRoles(database, organizationId, applicationId)).map(toApiOrganizationRole));
  });

  api.post('/api/organizations/:id/applications/:applicationId/roles', async (context) => {
    const organizationId = param(context, 'id');
    const applicationId = param(context, 'applicationId');
    await requireMember(organizationId, applicationId);
    const roleIds = [...new Set(parseInput(roleIdsBody, await readJsonBody(context.req)).organizationRoleIds)];
    checkIdLengths(roleIds);
    const types = await findRoleTypes(database, roleIds);
    if (roleIds.some((id) => !types.has(id))) throw relationNotFound();
    if ([...types.values()].some((type) => type !== 'MachineToMachine')) throw constraintViolated();
    await withConstraintErrors(() =>
      database.transaction((tx) => addApplicationOrganizationRoles(tx, organizationId, applicationId, roleIds)),
    );
    return createdText();
  });

  api.delete('/api/organizations/:id/applications/:applicationId/roles/:roleId', async (context) => {
    const organizationId = param(context, 'id');
    const applicationId = param(context, 'applicationId');
    await requireMember(organizationId, applicationId);
    if (!(await removeApplicationOrganizationRole(database, organizationId, applicationId, param(context, 'roleId')))) {
      throw notFound();
    }
    return noContent();
  });
}
