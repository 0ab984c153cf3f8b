import type { FloorRequestView, FloorStatus } from '../../common/floor.contract';
import type { OrgRef } from '../../common/organizations.contract';
import { one, type Queryable } from '../../platform/db';

interface Row {
  id: string;
  session_id: string;
  forum_id: string;
  person_id: string;
  person_name: string;
  topic: string;
  organization: string | null;
  org: OrgRef | null;
  status: FloorStatus;
  position: number;
  decline_reason: string | null;
  seconds: number | null;
  muted: boolean;
  created_at: Date | string;
  invited_at: Date | string | null;
  started_at: Date | string | null;
  ends_at: Date | string | null;
  ended_at: Date | string | null;
}

/** A request as stored, with the forum it belongs to (for role checks and the audit line). */
export interface FloorRow {
  forumId: string;
  view: FloorRequestView;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toRow(r: Row, position: number | null): FloorRow {
  return {
    forumId: r.forum_id,
    view: {
      id: r.id,
      sessionId: r.session_id,
      person: { id: r.person_id, displayName: r.person_name },
      topic: r.topic,
      organization: r.organization,
      org: r.org,
      status: r.status,
      position,
      declineReason: r.decline_reason,
      seconds: r.seconds,
      createdAt: iso(r.created_at)!,
      invitedAt: iso(r.invited_at),
      startedAt: iso(r.started_at),
      endsAt: r.status === 'live' ? iso(r.ends_at) : null,
      endedAt: iso(r.ended_at),
      muted: r.muted,
    },
  };
}

const COLUMNS = `id, session_id, forum_id, person_id, person_name, topic, organization, org, status, position, decline_reason,
  seconds, muted, created_at, invited_at, started_at, ends_at, ended_at`;

/** Places a queued request at the end of the session's queue. */
export async function insert(
  q: Queryable,
  r: { sessionId: string; forumId: string; personId: string; personName: string; topic: string; organization: string | null; org: OrgRef | null },
): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into floor_requests(session_id, forum_id, person_id, person_name, topic, organization, org, position)
     values ($1, $2, $3, $4, $5, $6, $7,
             coalesce((select max(position) from floor_requests where session_id = $1 and status = 'queued'), 0) + 1)
     returning id`,
    [r.sessionId, r.forumId, r.personId, r.personName, r.topic, r.organization, r.org],
  );
  return row!.id;
}

/** The request, locked for the rest of the transaction when `lock`. */
export async function find(q: Queryable, id: string, lock = false): Promise<FloorRow | undefined> {
  const r = await one<Row>(q, `select ${COLUMNS} from floor_requests where id = $1${lock ? ' for update' : ''}`, [id]);
  return r && toRow(r, r.status === 'queued' ? await queuePosition(q, r) : null);
}

async function queuePosition(q: Queryable, r: Row): Promise<number> {
  const n = await one<{ n: number }>(
    q,
    `select count(*)::int as n from floor_requests where session_id = $1 and status = 'queued' and (position, created_at) < ($2, $3)`,
    [r.session_id, r.position, r.created_at],
  );
  return n!.n;
}

/** The person's latest request in the session. */
export async function latestOf(q: Queryable, sessionId: string, personId: string): Promise<FloorRow | undefined> {
  const r = await one<{ id: string }>(q, 'select id from floor_requests where session_id = $1 and person_id = $2 order by created_at desc limit 1', [sessionId, personId]);
  return r && find(q, r.id);
}

/** Open requests: queued in queue order, then invited, then the live one. */
export async function open(q: Queryable, sessionId: string): Promise<FloorRow[]> {
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from floor_requests where session_id = $1 and status in ('queued', 'invited', 'live')
      order by case status when 'queued' then 0 when 'invited' then 1 else 2 end, position, created_at, id`,
    [sessionId],
  );
  let queued = 0;
  return rows.map((r) => toRow(r, r.status === 'queued' ? queued++ : null));
}

/** The request on air in the session now, if any. */
export async function live(q: Queryable, sessionId: string): Promise<FloorRow | undefined> {
  const r = await one<Row>(q, `select ${COLUMNS} from floor_requests where session_id = $1 and status = 'live'`, [sessionId]);
  return r && toRow(r, null);
}

/** Rewrites the queue's positions in the given order (ids of queued requests). */
export async function reorder(q: Queryable, sessionId: string, ids: readonly string[]): Promise<void> {
  await q.query(
    `update floor_requests f set position = o.n
       from unnest($2::uuid[]) with ordinality as o(id, n)
      where f.id = o.id and f.session_id = $1 and f.status = 'queued'`,
    [sessionId, ids],
  );
}

export type Change =
  | { to: 'invited' }
  | { to: 'live'; seconds: number }
  | { to: 'extend'; seconds: number }
  | { to: 'mute'; muted: boolean }
  | { to: 'done' | 'withdrawn' | 'lapsed' }
  | { to: 'declined'; reason: string };

/** Applies one change to a request; the caller has checked that it is allowed from its status. */
export async function apply(q: Queryable, id: string, c: Change): Promise<void> {
  switch (c.to) {
    case 'invited':
      await q.query(`update floor_requests set status = 'invited', invited_at = now() where id = $1`, [id]);
      return;
    case 'live':
      await q.query(
        `update floor_requests set status = 'live', started_at = now(), seconds = $2::int, ends_at = now() + make_interval(secs => $2::int) where id = $1`,
        [id, c.seconds],
      );
      return;
    case 'extend':
      await q.query(`update floor_requests set seconds = seconds + $2::int, ends_at = ends_at + make_interval(secs => $2::int) where id = $1`, [id, c.seconds]);
      return;
    case 'mute':
      await q.query('update floor_requests set muted = $2 where id = $1', [id, c.muted]);
      return;
    case 'declined':
      await q.query(`update floor_requests set status = 'declined', decline_reason = $2, ended_at = now() where id = $1`, [id, c.reason]);
      return;
    default:
      // A turn cut short records how long it really lasted.
      await q.query(
        `update floor_requests set status = $2, ended_at = now(),
                seconds = case when started_at is null then seconds else greatest(1, ceil(extract(epoch from now() - started_at)))::int end
          where id = $1`,
        [id, c.to],
      );
  }
}

/** Bumps the session's queue version (creating its row) and returns the new value. */
export async function bump(q: Queryable, sessionId: string): Promise<number> {
  const r = await one<{ version: number }>(
    q,
    `insert into floor_sessions(session_id, version) values ($1, 1)
     on conflict (session_id) do update set version = floor_sessions.version + 1 returning version`,
    [sessionId],
  );
  return r!.version;
}

export async function version(q: Queryable, sessionId: string): Promise<number> {
  return (await one<{ version: number }>(q, 'select version from floor_sessions where session_id = $1', [sessionId]))?.version ?? 0;
}

/** Open requests of a session that ended: the live turn is done, the rest lapse. Returns the ids changed. */
export async function closeSession(q: Queryable, sessionId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `update floor_requests set
        status = case when status = 'live' then 'done' else 'lapsed' end,
        ended_at = now(),
        seconds = case when status = 'live' then greatest(1, ceil(extract(epoch from now() - started_at)))::int else seconds end
      where session_id = $1 and status in ('queued', 'invited', 'live') returning id`,
    [sessionId],
  );
  return rows.map((r) => r.id);
}

/** Turns whose time is up (for the sweep that ends them even when no timer of this process runs). */
export async function overdue(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(`select id from floor_requests where status = 'live' and ends_at <= now() limit 100`);
  return rows.map((r) => r.id);
}

/** Every turn that took place in these sessions, in order, for the compiled documents. */
export async function turns(q: Queryable, sessionIds: readonly string[]): Promise<FloorRow[]> {
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from floor_requests where session_id = any($1::uuid[]) and started_at is not null order by started_at, id`,
    [sessionIds],
  );
  return rows.map((r) => toRow(r, null));
}
