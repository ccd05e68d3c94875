import { randomBytes } from 'node:crypto';

import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';

import { userMessage } from '@/i18n/user-messages';
import type { Database } from '@/lib/db/connect';
import { activityLog, projects } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';

import {
  projectDtoSchema,
  type createProjectSchema,
  type ProjectDto,
  type ProjectListDto,
  type updateProjectSchema,
} from './schemas';

// Domain functions for the sample organization-scoped resource. Each takes the organization
// id from a verified token (never from the body) and filters every query on it, so another
// organization's project id is simply "not found".

type Row = typeof projects.$inferSelect;

const toDto = (row: Row): ProjectDto =>
  projectDtoSchema.parse({
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

const notFound = () => new AppError('not_found', userMessage('projectNotFound'));

// The cursor names the last row of a page by (created_at, id), the list's order. created_at is
// carried as PostgreSQL's own text with all six fractional digits: a JavaScript Date keeps only
// milliseconds, and rows created in the same millisecond as a page's last row would be skipped.
const createdAtText = sql<string>`to_char(${projects.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function encodeCursor(createdAt: string, id: string) {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string) {
  const [createdAt = '', id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(createdAt)) {
    throw new AppError('invalid_request', 'Not a valid cursor.');
  }
  return { createdAt, id };
}

// The list query is built once per database handle rather than on every request (drizzle's
// builder costs more CPU than the query's round trip). The empty name makes it an unnamed
// statement: PostgreSQL parses it on each call, and it works through transaction-mode
// poolers (PgBouncer, Supavisor) that can't keep named prepared statements.
const listQueries = new WeakMap<Database, ReturnType<typeof prepareListQueries>>();

function prepareListQueries(db: Database) {
  const page = () => db.select({ project: projects, createdAtText }).from(projects);
  const organization = eq(projects.organizationId, sql.placeholder('organizationId'));
  return {
    first: page()
      .where(organization)
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(sql.placeholder('limit'))
      .prepare(''),
    after: page()
      .where(
        and(
          organization,
          // A row comparison walks the (organization_id, created_at desc, id desc) index.
          sql`(${projects.createdAt}, ${projects.id}) < (${sql.placeholder('createdAt')}::timestamptz, ${sql.placeholder('id')})`,
        ),
      )
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(sql.placeholder('limit'))
      .prepare(''),
  };
}

export async function listProjects(
  db: Database,
  organizationId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<ProjectListDto> {
  const after = cursor ? decodeCursor(cursor) : undefined;
  let queries = listQueries.get(db);
  if (!queries) {
    queries = prepareListQueries(db);
    listQueries.set(db, queries);
  }
  const rows = after
    ? await queries.after.execute({ organizationId, limit: limit + 1, createdAt: after.createdAt, id: after.id })
    : await queries.first.execute({ organizationId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toDto(row.project)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAtText, last.project.id) : null,
  };
}

export async function getProject(db: Database, organizationId: string, projectId: string): Promise<ProjectDto> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId)));
  if (!row) throw notFound();
  return toDto(row);
}

export async function createProject(
  db: Database,
  organizationId: string,
  actorId: string,
  input: z.infer<typeof createProjectSchema>,
): Promise<ProjectDto> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projects)
      .values({ id: randomBytes(12).toString('base64url'), organizationId, name: input.name, description: input.description, createdBy: actorId })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await tx.insert(activityLog).values({ organizationId, actorId, action: 'project.created', target: row.id, metadata: { name: row.name } });
    return toDto(row);
  });
}

export async function updateProject(
  db: Database,
  organizationId: string,
  actorId: string,
  projectId: string,
  input: z.infer<typeof updateProjectSchema>,
): Promise<ProjectDto> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(projects)
      .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId)));
    if (!before) throw notFound();
    const [row] = await tx
      .update(projects)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId)))
      .returning();
    if (!row) throw notFound();
    if (input.name !== undefined && input.name !== before.name) {
      await tx.insert(activityLog).values({
        organizationId,
        actorId,
        action: 'project.renamed',
        target: projectId,
        metadata: { from: before.name, to: row.name },
      });
    }
    return toDto(row);
  });
}

export async function deleteProject(db: Database, organizationId: string, actorId: string, projectId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(projects)
      .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId)))
      .returning();
    if (!row) throw notFound();
    await tx.insert(activityLog).values({ organizationId, actorId, action: 'project.deleted', target: projectId, metadata: { name: row.name } });
  });
}
