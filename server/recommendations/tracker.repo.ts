import type { Lang } from '../../common/base';
import type { TrackerSeed } from '../../common/jobs';
import type { TrackerStatus } from '../../common/recs.contract';
import type { Queryable } from '../db';
import { one } from '../db';

export interface TrackerRow {
  id: string;
  forum_id: string;
  key: string;
  number: number;
  text: string;
  lang: Lang;
  addressee: string | null;
  support: number;
  session_ids: string[];
  current: boolean;
  source_revision: number;
  status: TrackerStatus;
  responsible_body: string | null;
  deadline: string | null;
  updated_at: Date | string;
}

export interface HistoryRow {
  item_id: string;
  at: Date | string;
  status: TrackerStatus;
  responsible_body: string | null;
  deadline: string | null;
  note: string | null;
}

// `date` as text: drivers turn it into Date objects in differing time zones.
const ITEM = `id, forum_id, key, number, text, lang, addressee, support, session_ids::text[] as session_ids, current, source_revision,
  status, responsible_body, deadline::text as deadline, updated_at`;

/**
 * Makes the forum's tracker follow a new forum-wide set: items are matched by key and
 * keep their status and history; new ones start as 'new'; items no longer in the set
 * stop being current but are kept. Runs in the transaction that stores the set.
 */
export async function syncTracker(q: Queryable, forumId: string, revision: number, seeds: TrackerSeed[]): Promise<void> {
  const rows = seeds.map((s) => ({ ...s, sessionIds: s.sessionIds.join(',') }));
  await q.query(
    `insert into tracker_items(forum_id, key, number, text, lang, addressee, support, session_ids, current, source_revision)
     select $1, x.key, x.number, x.text, x.lang, x.addressee, x.support, string_to_array(x."sessionIds", ',')::uuid[], true, $2
       from jsonb_to_recordset($3::jsonb) as x(key uuid, number int, text text, lang text, addressee text, support int, "sessionIds" text)
     on conflict (forum_id, key) do update set
       number = excluded.number, text = excluded.text, lang = excluded.lang, addressee = excluded.addressee,
       support = excluded.support, session_ids = excluded.session_ids, current = true, source_revision = excluded.source_revision`,
    [forumId, revision, JSON.stringify(rows)],
  );
  await q.query('update tracker_items set current = false where forum_id = $1 and source_revision <> $2', [forumId, revision]);
}

export async function currentItems(q: Queryable, forumId: string): Promise<TrackerRow[]> {
  const { rows } = await q.query<TrackerRow>(`select ${ITEM} from tracker_items where forum_id = $1 and current order by number`, [forumId]);
  return rows;
}

export async function historyOf(q: Queryable, itemIds: string[]): Promise<HistoryRow[]> {
  if (!itemIds.length) return [];
  const { rows } = await q.query<HistoryRow>(
    `select item_id, at, status, responsible_body, deadline::text as deadline, note from tracker_history
      where item_id = any($1::uuid[]) order by at, id`,
    [itemIds],
  );
  return rows;
}

export function findItem(q: Queryable, id: string, lock = false): Promise<TrackerRow | undefined> {
  return one<TrackerRow>(q, `select ${ITEM} from tracker_items where id = $1${lock ? ' for update' : ''}`, [id]);
}

export async function updateItem(
  q: Queryable,
  id: string,
  next: { status: TrackerStatus; responsibleBody: string | null; deadline: string | null },
): Promise<TrackerRow> {
  const row = await one<TrackerRow>(
    q,
    `update tracker_items set status = $2, responsible_body = $3, deadline = $4::date, updated_at = now() where id = $1 returning ${ITEM}`,
    [id, next.status, next.responsibleBody, next.deadline],
  );
  return row!;
}

export async function insertHistory(
  q: Queryable,
  e: { itemId: string; actorId: string; status: TrackerStatus; responsibleBody: string | null; deadline: string | null; note: string | null },
): Promise<void> {
  await q.query(
    'insert into tracker_history(item_id, actor_id, status, responsible_body, deadline, note) values ($1, $2, $3, $4, $5::date, $6)',
    [e.itemId, e.actorId, e.status, e.responsibleBody, e.deadline, e.note],
  );
}
