import type { Lang } from '../../common/base';
import type { Queryable } from '../../platform/db';

/** An interpreter went on air: their turn starts now. */
export async function openTurn(q: Queryable, sessionId: string, lang: Lang, interpreterId: string): Promise<void> {
  await q.query('insert into interpretation_turns(session_id, language, interpreter_id) values ($1, $2, $3)', [sessionId, lang, interpreterId]);
}

/** Their turn in that channel ends now (no-op when none is open). */
export async function closeTurn(q: Queryable, sessionId: string, lang: Lang, interpreterId: string): Promise<void> {
  await q.query(
    `update interpretation_turns set ended_at = now()
      where session_id = $1 and language = $2 and interpreter_id = $3 and ended_at is null`,
    [sessionId, lang, interpreterId],
  );
}

/** The session is over: every turn still open ends with it. */
export async function closeSessionTurns(q: Queryable, sessionId: string): Promise<void> {
  await q.query('update interpretation_turns set ended_at = now() where session_id = $1 and ended_at is null', [sessionId]);
}

/** The languages a session was interpreted into, in language order. */
export async function interpretedLanguages(q: Queryable, sessionIds: readonly string[]): Promise<Lang[]> {
  const { rows } = await q.query<{ language: Lang }>(
    'select distinct language from interpretation_turns where session_id = any($1::uuid[]) order by language',
    [sessionIds],
  );
  return rows.map((r) => r.language);
}

export interface TurnRow {
  language: Lang;
  interpreter_id: string;
  started_at: Date | string;
  ended_at: Date | string | null;
}

export async function turns(q: Queryable, sessionId: string): Promise<TurnRow[]> {
  const { rows } = await q.query<TurnRow>(
    'select language, interpreter_id, started_at, ended_at from interpretation_turns where session_id = $1 order by started_at, language',
    [sessionId],
  );
  return rows;
}
