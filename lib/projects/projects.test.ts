import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';

import { describeEachDatabase } from '@/tests/support/databases';

import { createProject, listProjects } from './projects';

async function pageThrough(db: Parameters<typeof listProjects>[0], organizationId: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = await listProjects(db, organizationId, { limit, cursor });
    seen.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describeEachDatabase('project pagination', (getDb) => {
  it('sees every project exactly once when many share one millisecond', async () => {
    const db = getDb();
    const organizationId = 'org-same-millisecond';
    // 90 rows within one millisecond: distinct microseconds, and runs of identical timestamps
    // that only the id tiebreaker orders. A millisecond cursor skipped rows after the page's last.
    const values = Array.from({ length: 90 }, (_, index) => {
      const micros = String(100 + Math.floor(index / 3)).padStart(3, '0');
      return sql`(${`p-${String(index).padStart(3, '0')}`}, ${organizationId}, ${`Project ${index}`}, 'user-1', ${`2026-03-01T12:00:00.123${micros}Z`}::timestamptz, now())`;
    });
    await db.execute(sql`insert into projects (id, organization_id, name, created_by, created_at, updated_at) values ${sql.join(values, sql`, `)}`);

    const seen = await pageThrough(db, organizationId, 7);
    expect(seen).toHaveLength(90);
    expect(new Set(seen).size).toBe(90);
    // Newest first, ties by id descending.
    expect(seen.slice(0, 4)).toEqual(['p-089', 'p-088', 'p-087', 'p-086']);
  });

  it('sees every project exactly once when they are created concurrently', async () => {
    const db = getDb();
    const organizationId = 'org-concurrent';
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, index) => createProject(db, organizationId, 'user-1', { name: `Concurrent ${index}`, description: null })),
    );
    const seen = await pageThrough(db, organizationId, 7);
    expect(seen.toSorted()).toEqual(created.map((project) => project.id).toSorted());
  });

  it('refuses a cursor that is not one of its own', async () => {
    const cursor = Buffer.from('yesterday|p-1').toString('base64url');
    await expect(listProjects(getDb(), 'org-concurrent', { limit: 5, cursor })).rejects.toThrow('Not a valid cursor.');
  });
});
