import type { Lang } from '../../common/base';
import type { TrackerStatus } from '../../common/recs.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

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
  created_at: Date | string;
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
  status, responsible_body, deadline::text as deadline, updated_at, created_at`;

export async function currentItems(q: Queryable, forumId: string): Promise<TrackerRow[]> {
  const { rows } = await q.query<TrackerRow>(`select ${ITEM} from tracker_items where forum_id = $1 and current order by number`, [forumId]);
  return rows;
}

/** The items of one forum-wide set with the texts that set gave them, and their tracked status. */
export async function setItems(q: Queryable, revisionId: string): Promise<TrackerRow[]> {
  const { rows } = await q.query<TrackerRow>(
    `select t.id, t.forum_id, t.key, s.number, s.text, s.lang, s.addressee, s.support, s.session_ids::text[] as session_ids, t.current,
            t.source_revision, t.status, t.responsible_body, t.deadline::text as deadline, t.updated_at, t.created_at
       from tracker_set_items s join tracker_items t on t.id = s.item_id
      where s.revision_id = $1 order by s.number`,
    [revisionId],
  );
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
