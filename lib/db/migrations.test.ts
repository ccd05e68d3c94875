import { desc, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@/tests/support/databases';

import { openDatabase } from './connect';
import { activityLog } from './schema';

describeEachDatabase('database migrations', (getDb) => {
  it('creates the activity log with its organization/time index', async () => {
    const db = getDb();
    // Both drivers answer `{ rows }`; drizzle's shared type leaves the result unknown.
    const result: unknown = await db.execute(sql`select indexname from pg_indexes where tablename = 'activity_log'`);
    const { rows } = result as { rows: { indexname: string }[] };
    expect(rows.map((row) => row.indexname)).toContain('activity_log_organization_created_idx');
  });

  it('stores and reads back activity rows, newest first per organization', async () => {
    const db = getDb();
    await db.insert(activityLog).values([
      { organizationId: 'org-a', actorId: 'u1', action: 'organization.created', createdAt: new Date('2026-01-01') },
      { organizationId: 'org-a', actorId: 'u1', action: 'project.created', target: 'p1', metadata: { name: 'Web' }, createdAt: new Date('2026-01-02') },
      { organizationId: 'org-b', actorId: 'u2', action: 'organization.created' },
    ]);
    const rows = await db
      .select()
      .from(activityLog)
      .where(eq(activityLog.organizationId, 'org-a'))
      .orderBy(desc(activityLog.createdAt));
    expect(rows.map((row) => row.action)).toEqual(['project.created', 'organization.created']);
    expect(rows[0]?.metadata).toEqual({ name: 'Web' });
    expect(rows[1]?.metadata).toEqual({});
  });
}, { fresh: true }); // every migration applied to an empty database, not the other tests' template

it('applies migrations idempotently when the same PGlite folder is opened twice', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(tmpdir(), 'starter-db-'));
  try {
    const first = await openDatabase({ dataDir: dir });
    await first.db.insert(activityLog).values({ organizationId: 'o', actorId: 'a', action: 'x' });
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const rows = await second.db.select().from(activityLog);
    expect(rows).toHaveLength(1);
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000); // PGlite's first start on disk (initdb) takes seconds, more on a busy machine
