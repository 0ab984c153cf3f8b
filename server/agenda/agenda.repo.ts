import type { ForumView, PlatformView, SessionState, SessionView, Speaker } from '../../common/agenda.contract';
import type { Lang } from '../../common/base';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

interface ForumRow {
  id: string;
  slug: string;
  title: Record<string, string>;
  description: Record<string, string>;
  languages: Lang[];
  time_zone: string;
  starts_on: string;
  days: number;
}
interface PlatformRow {
  id: string;
  forum_id: string;
  title: Record<string, string>;
  position: number;
}
interface SessionRow {
  id: string;
  forum_id: string;
  platform_id: string;
  title: Record<string, string>;
  description: Record<string, string>;
  speakers: Speaker[];
  starts_at: Date;
  ends_at: Date;
  state: SessionState;
  started_at: Date | null;
  ended_at: Date | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
// Drivers turn `date` into Date objects in differing time zones; as text it is exact everywhere.
const FORUM = `id, slug, title, description, languages, time_zone, starts_on::text as starts_on, days`;

const toForum = (r: ForumRow): ForumView => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  description: r.description,
  languages: r.languages,
  timeZone: r.time_zone,
  startsOn: r.starts_on,
  days: r.days,
});
const toPlatform = (r: PlatformRow): PlatformView => ({ id: r.id, forumId: r.forum_id, title: r.title, position: r.position });
const toSession = (r: SessionRow): SessionView => ({
  id: r.id,
  forumId: r.forum_id,
  platformId: r.platform_id,
  title: r.title,
  description: r.description,
  speakers: r.speakers,
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  state: r.state,
  startedAt: r.started_at && iso(r.started_at),
  endedAt: r.ended_at && iso(r.ended_at),
});

export async function listForums(q: Queryable): Promise<ForumView[]> {
  const { rows } = await q.query<ForumRow>(`select ${FORUM} from forums order by starts_on desc, slug`);
  return rows.map(toForum);
}

export async function findForum(q: Queryable, idOrSlug: string): Promise<ForumView | undefined> {
  const r = await one<ForumRow>(q, `select ${FORUM} from forums where id::text = $1 or slug = $1`, [idOrSlug]);
  return r && toForum(r);
}

export async function insertForum(
  q: Queryable,
  f: Omit<ForumView, 'id' | 'description'> & { description: Record<string, string>; createdBy: string },
): Promise<ForumView> {
  const r = await one<ForumRow>(
    q,
    `insert into forums(slug, title, description, languages, time_zone, starts_on, days, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${FORUM}`,
    [f.slug, f.title, f.description, f.languages, f.timeZone, f.startsOn, f.days, f.createdBy],
  );
  return toForum(r!);
}

const FORUM_COLUMNS: Record<string, string> = {
  slug: 'slug',
  title: 'title',
  description: 'description',
  languages: 'languages',
  timeZone: 'time_zone',
  startsOn: 'starts_on',
  days: 'days',
};
const SESSION_COLUMNS: Record<string, string> = {
  platformId: 'platform_id',
  title: 'title',
  description: 'description',
  speakers: 'speakers',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
};

/** Builds `set a = $2, b = $3` from a validated patch; column names come only from the maps above. */
function setClause(patch: Record<string, unknown>, columns: Record<string, string>) {
  const keys = Object.keys(patch).filter((k) => columns[k] && patch[k] !== undefined);
  return {
    sql: keys.map((k, i) => `${columns[k]} = $${i + 2}`).join(', '),
    values: keys.map((k) => (k === 'speakers' ? JSON.stringify(patch[k]) : patch[k])),
  };
}

export async function updateForum(q: Queryable, id: string, patch: Record<string, unknown>): Promise<ForumView> {
  const { sql, values } = setClause(patch, FORUM_COLUMNS);
  const r = await one<ForumRow>(q, `update forums set ${sql} where id = $1 returning ${FORUM}`, [id, ...values]);
  return toForum(r!);
}

export async function listPlatforms(q: Queryable, forumId: string): Promise<PlatformView[]> {
  const { rows } = await q.query<PlatformRow>('select * from platforms where forum_id = $1 order by position, created_at', [forumId]);
  return rows.map(toPlatform);
}

export async function findPlatform(q: Queryable, id: string): Promise<PlatformView | undefined> {
  const r = await one<PlatformRow>(q, 'select * from platforms where id = $1', [id]);
  return r && toPlatform(r);
}

export async function insertPlatform(q: Queryable, forumId: string, title: Record<string, string>, position: number) {
  const r = await one<PlatformRow>(q, 'insert into platforms(forum_id, title, position) values ($1, $2, $3) returning *', [
    forumId,
    title,
    position,
  ]);
  return toPlatform(r!);
}

export async function updatePlatform(q: Queryable, id: string, title: Record<string, string> | undefined, position: number | undefined) {
  const r = await one<PlatformRow>(
    q,
    'update platforms set title = coalesce($2, title), position = coalesce($3, position) where id = $1 returning *',
    [id, title ?? null, position ?? null],
  );
  return toPlatform(r!);
}

export async function listSessions(q: Queryable, forumId: string): Promise<SessionView[]> {
  // Parallel sessions start together; the platform order breaks the tie the same way every time.
  const { rows } = await q.query<SessionRow>(
    `select s.* from sessions s join platforms p on p.id = s.platform_id
      where s.forum_id = $1 order by s.starts_at, p.position, s.created_at, s.id`,
    [forumId],
  );
  return rows.map(toSession);
}

export async function findSession(q: Queryable, id: string, forUpdate = false): Promise<SessionView | undefined> {
  const r = await one<SessionRow>(q, `select * from sessions where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return r && toSession(r);
}

export async function insertSession(
  q: Queryable,
  s: Omit<SessionView, 'id' | 'state' | 'startedAt' | 'endedAt'>,
): Promise<SessionView> {
  const r = await one<SessionRow>(
    q,
    `insert into sessions(forum_id, platform_id, title, description, speakers, starts_at, ends_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [s.forumId, s.platformId, s.title, s.description, JSON.stringify(s.speakers), s.startsAt, s.endsAt],
  );
  return toSession(r!);
}

export async function updateSession(q: Queryable, id: string, patch: Record<string, unknown>): Promise<SessionView> {
  const { sql, values } = setClause(patch, SESSION_COLUMNS);
  const r = await one<SessionRow>(q, `update sessions set ${sql} where id = $1 returning *`, [id, ...values]);
  return toSession(r!);
}

export async function setSessionState(q: Queryable, id: string, state: SessionState): Promise<SessionView> {
  const r = await one<SessionRow>(
    q,
    `update sessions set state = $2,
       started_at = case when $2 = 'live' then now() else started_at end,
       ended_at = case when $2 in ('ended', 'cancelled') then now() else ended_at end
     where id = $1 returning *`,
    [id, state],
  );
  return toSession(r!);
}
