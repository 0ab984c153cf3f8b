import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export async function insertSample(q: Queryable, sessionId: string, viewers: number): Promise<void> {
  await q.query('insert into session_attendance(session_id, viewers) values ($1, $2) on conflict do nothing', [sessionId, viewers]);
}

export async function raisePeak(q: Queryable, sessionId: string, viewers: number): Promise<void> {
  await q.query(
    `insert into session_peaks(session_id, peak) values ($1, $2)
     on conflict (session_id) do update set peak = excluded.peak, at = now() where session_peaks.peak < excluded.peak`,
    [sessionId, viewers],
  );
}

/** Records people as having watched; repeats are ignored. */
export async function recordViewers(q: Queryable, sessionId: string, actorIds: readonly string[]): Promise<void> {
  if (!actorIds.length) return;
  await q.query(
    `insert into session_viewers(session_id, actor_id) select $1, a from unnest($2::uuid[]) as a on conflict do nothing`,
    [sessionId, actorIds],
  );
}

export async function series(q: Queryable, sessionId: string): Promise<{ at: string; viewers: number }[]> {
  const { rows } = await q.query<{ at: Date | string; viewers: number }>(
    'select at, viewers from session_attendance where session_id = $1 order by at',
    [sessionId],
  );
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), viewers: r.viewers }));
}

export async function uniqueViewers(q: Queryable, sessionId: string): Promise<number> {
  const r = await one<{ n: number }>(q, 'select count(*)::int as n from session_viewers where session_id = $1', [sessionId]);
  return r?.n ?? 0;
}

export async function peak(q: Queryable, sessionId: string): Promise<number> {
  const r = await one<{ peak: number }>(q, 'select peak from session_peaks where session_id = $1', [sessionId]);
  return r?.peak ?? 0;
}
