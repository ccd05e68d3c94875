// GET  /api/organizations/[orgId]/projects - list projects (read:projects), newest first, cursor-paginated
// POST /api/organizations/[orgId]/projects - create a project (write:projects)
import { getDb } from '@/lib/db/client';
import { readJson } from '@/lib/http/errors';
import { withOrganization } from '@/lib/organizations/access';
import { createProject, listProjects } from '@/lib/projects/projects';
import { createProjectSchema, listProjectsQuerySchema, projectDtoSchema, projectListDtoSchema } from '@/lib/projects/schemas';

const noStore = { 'Cache-Control': 'no-store' };

export const GET = withOrganization(
  async ({ request, token }) => {
    const query = listProjectsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
    const page = await listProjects(await getDb(), token.organizationId, query);
    return Response.json(projectListDtoSchema.parse(page), { headers: noStore });
  },
  { scopes: ['read:projects'] },
);

export const POST = withOrganization(
  async ({ request, token }) => {
    const input = createProjectSchema.parse(await readJson(request));
    const project = await createProject(await getDb(), token.organizationId, token.userId, input);
    return Response.json(projectDtoSchema.parse(project), {
      status: 201,
      headers: { ...noStore, Location: `/api/organizations/${token.organizationId}/projects/${project.id}` },
    });
  },
  { scopes: ['write:projects'] },
);
