// GET    /api/organizations/[orgId]/projects/[projectId] - read one project (read:projects)
// PATCH  /api/organizations/[orgId]/projects/[projectId] - rename or describe it (write:projects)
// DELETE /api/organizations/[orgId]/projects/[projectId] - delete it (write:projects)
import { getDb } from '@/lib/db/client';
import { readJson } from '@/lib/http/errors';
import { withOrganization } from '@/lib/organizations/access';
import { deleteProject, getProject, updateProject } from '@/lib/projects/projects';
import { projectDtoSchema, projectIdSchema, updateProjectSchema } from '@/lib/projects/schemas';

type Params = { orgId: string; projectId: string };
const noStore = { 'Cache-Control': 'no-store' };

export const GET = withOrganization<Params>(
  async ({ params, token }) => {
    const project = await getProject(await getDb(), token.organizationId, projectIdSchema.parse(params.projectId));
    return Response.json(projectDtoSchema.parse(project), { headers: noStore });
  },
  { scopes: ['read:projects'] },
);

export const PATCH = withOrganization<Params>(
  async ({ request, params, token }) => {
    const projectId = projectIdSchema.parse(params.projectId);
    const input = updateProjectSchema.parse(await readJson(request));
    const project = await updateProject(await getDb(), token.organizationId, token.userId, projectId, input);
    return Response.json(projectDtoSchema.parse(project), { headers: noStore });
  },
  { scopes: ['write:projects'] },
);

export const DELETE = withOrganization<Params>(
  async ({ params, token }) => {
    await deleteProject(await getDb(), token.organizationId, token.userId, projectIdSchema.parse(params.projectId));
    return new Response(null, { status: 204, headers: noStore });
  },
  { scopes: ['write:projects'] },
);
