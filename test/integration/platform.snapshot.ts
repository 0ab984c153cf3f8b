import type { Queryable } from '../../platform/db';

/**
 * Every stored row that belongs to a forum, to prove a refused request wrote nothing:
 * take it before, compare after. Scoped to one forum so parallel test files never interfere.
 */
export async function forumRows(db: Queryable, forumId: string) {
  const rows = async (sql: string) => (await db.query(sql, [forumId])).rows;
  return {
    forum: await rows('select * from forums where id = $1'),
    platforms: await rows('select * from platforms where forum_id = $1 order by id'),
    sessions: await rows('select * from sessions where forum_id = $1 order by id'),
    grants: await rows('select * from role_grants where forum_id = $1 order by id'),
    invites: await rows('select * from invites where forum_id = $1 order by id'),
    audit: await rows('select * from audit_log where forum_id = $1 order by id'),
  };
}

/** How many forums carry this slug (0 after a refused create). */
export async function forumsWithSlug(db: Queryable, slug: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from forums where slug = $1', [slug]);
  return rows[0]!.n;
}
