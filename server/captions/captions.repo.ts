import type { Lang } from '../../common/base';
import type { CaptionLine } from '../../common/captions.contract';
import { one, type Queryable } from '../../platform/db';

interface Row {
  id: string;
  session_id: string;
  language: Lang;
  seq: number;
  text: string;
  at: Date | string;
  revision: number;
}

const COLUMNS = 'id, session_id, language, seq, text, at, revision';
const view = (r: Row): CaptionLine => ({ id: r.id, sessionId: r.session_id, lang: r.language, seq: r.seq, text: r.text, at: new Date(r.at).toISOString(), revision: r.revision });

/** Appends a line with the next seq of its language; a concurrent append makes this a unique violation (retry). */
export async function append(q: Queryable, sessionId: string, lang: Lang, text: string, authorId: string): Promise<CaptionLine> {
  const row = await one<Row>(
    q,
    `insert into caption_lines(session_id, language, seq, text, author_id)
     select $1, $2, coalesce(max(seq), 0) + 1, $3, $4 from caption_lines where session_id = $1 and language = $2
     returning ${COLUMNS}`,
    [sessionId, lang, text, authorId],
  );
  return view(row!);
}

export async function correct(q: Queryable, lineId: string, text: string): Promise<CaptionLine | undefined> {
  const row = await one<Row>(
    q,
    `update caption_lines set text = $2, revision = revision + 1, corrected_at = now() where id = $1 returning ${COLUMNS}`,
    [lineId, text],
  );
  return row && view(row);
}

export async function find(q: Queryable, lineId: string): Promise<CaptionLine | undefined> {
  const row = await one<Row>(q, `select ${COLUMNS} from caption_lines where id = $1`, [lineId]);
  return row && view(row);
}

/** Lines after `after` (oldest first), or the last `limit` lines. */
export async function recent(q: Queryable, sessionId: string, lang: Lang, after: number | undefined, limit: number): Promise<CaptionLine[]> {
  const { rows } =
    after === undefined
      ? await q.query<Row>(`select * from (select ${COLUMNS} from caption_lines where session_id = $1 and language = $2 order by seq desc limit $3) t order by seq`, [sessionId, lang, limit])
      : await q.query<Row>(`select ${COLUMNS} from caption_lines where session_id = $1 and language = $2 and seq > $3 order by seq limit $4`, [sessionId, lang, after, limit]);
  return rows.map(view);
}

/** Every line of a language, in order: the transcript. */
export async function all(q: Queryable, sessionId: string, lang: Lang): Promise<CaptionLine[]> {
  const { rows } = await q.query<Row>(`select ${COLUMNS} from caption_lines where session_id = $1 and language = $2 order by seq`, [sessionId, lang]);
  return rows.map(view);
}

export async function counts(q: Queryable, sessionIds: readonly string[]): Promise<{ lang: Lang; lines: number }[]> {
  const { rows } = await q.query<{ language: Lang; n: number }>(
    'select language, count(*)::int as n from caption_lines where session_id = any($1::uuid[]) group by language order by language',
    [sessionIds],
  );
  return rows.map((r) => ({ lang: r.language, lines: r.n }));
}

export async function isPublished(q: Queryable, sessionId: string): Promise<boolean> {
  return (await one(q, 'select 1 from caption_publications where session_id = $1', [sessionId])) !== undefined;
}

export async function setPublished(q: Queryable, sessionId: string, by: string | null): Promise<void> {
  if (by) await q.query('insert into caption_publications(session_id, published_by) values ($1, $2) on conflict do nothing', [sessionId, by]);
  else await q.query('delete from caption_publications where session_id = $1', [sessionId]);
}
