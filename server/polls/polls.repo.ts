import type { LocalizedText } from '../../common/base';
import { SCALE_POINTS, type PollDefinition, type PollKind, type PollState, type TextView } from '../../common/polls.contract';
import { one, type Queryable } from '../../platform/db';

interface PollRow {
  id: string;
  session_id: string;
  forum_id: string;
  number: number;
  kind: PollKind;
  question: TextView;
  hide_results: boolean;
  state: PollState;
  opened_at: Date | string | null;
  closed_at: Date | string | null;
  version: number;
  /** Option texts in index order (empty for a scale). */
  options: TextView[];
}

/** A poll as stored, with the forum it belongs to (for role checks). */
export type PollRecord = PollDefinition & { forumId: string };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const SELECT = `select p.id, p.session_id, p.forum_id, p.number, p.kind, p.question, p.hide_results, p.state, p.opened_at, p.closed_at, p.version,
  coalesce((select jsonb_agg(o.text order by o.index) from poll_options o where o.poll_id = p.id), '[]'::jsonb) as options
  from polls p`;

function record(r: PollRow): PollRecord {
  const options = r.kind === 'scale' ? Array.from({ length: SCALE_POINTS }, (_, index) => ({ index, text: null })) : r.options.map((text, index) => ({ index, text }));
  return {
    id: r.id,
    sessionId: r.session_id,
    forumId: r.forum_id,
    number: r.number,
    kind: r.kind,
    question: r.question,
    options,
    hideResults: r.hide_results,
    state: r.state,
    openedAt: iso(r.opened_at),
    closedAt: iso(r.closed_at),
    version: r.version,
  };
}

export interface PollContent {
  kind: PollKind;
  question: LocalizedText;
  options: LocalizedText[];
  hideResults: boolean;
}

/** The polls' SQL; stateless, shared by the service. */
export class PollsRepo {
  async find(q: Queryable, pollId: string): Promise<PollRecord | undefined> {
    const r = await one<PollRow>(q, `${SELECT} where p.id = $1`, [pollId]);
    return r && record(r);
  }

  async list(q: Queryable, sessionId: string): Promise<PollRecord[]> {
    const { rows } = await q.query<PollRow>(`${SELECT} where p.session_id = $1 order by p.number`, [sessionId]);
    return rows.map((r) => record(r));
  }

  /** Numbers the poll after the session's last one; a concurrent create makes this a unique violation (retry). */
  async insert(q: Queryable, at: { sessionId: string; forumId: string; createdBy: string }, c: PollContent): Promise<string> {
    const row = await one<{ id: string }>(
      q,
      `insert into polls(session_id, forum_id, number, kind, question, hide_results, created_by)
       select $1, $2, coalesce(max(number), 0) + 1, $3, $4, $5, $6 from polls where session_id = $1
       returning id`,
      [at.sessionId, at.forumId, c.kind, JSON.stringify(c.question), c.hideResults, at.createdBy],
    );
    await this.#options(q, row!.id, c.options);
    return row!.id;
  }

  /** Replaces a draft's content; false when the poll is no longer a draft. */
  async update(q: Queryable, pollId: string, c: PollContent): Promise<boolean> {
    const { rowCount } = await q.query(
      `update polls set kind = $2, question = $3, hide_results = $4, version = version + 1 where id = $1 and state = 'draft'`,
      [pollId, c.kind, JSON.stringify(c.question), c.hideResults],
    );
    if (!rowCount) return false;
    await q.query('delete from poll_options where poll_id = $1', [pollId]);
    await this.#options(q, pollId, c.options);
    return true;
  }

  async #options(q: Queryable, pollId: string, options: LocalizedText[]): Promise<void> {
    if (!options.length) return;
    await q.query(
      `insert into poll_options(poll_id, index, text) select $1, i - 1, t from jsonb_array_elements($2::jsonb) with ordinality as x(t, i)`,
      [pollId, JSON.stringify(options)],
    );
  }

  async deleteDraft(q: Queryable, pollId: string): Promise<boolean> {
    const { rowCount } = await q.query(`delete from polls where id = $1 and state = 'draft'`, [pollId]);
    return Boolean(rowCount);
  }

  /** Moves a poll from one of `from` to `to`; false when it was in none of them. */
  async setState(q: Queryable, pollId: string, from: PollState[], to: 'open' | 'closed'): Promise<boolean> {
    const { rowCount } = await q.query(
      `update polls set state = $3, version = version + 1,
         opened_at = case when $3 = 'open' then coalesce(opened_at, now()) else opened_at end,
         closed_at = case when $3 = 'closed' then now() else null end
       where id = $1 and state = any($2::text[])`,
      [pollId, from, to],
    );
    return Boolean(rowCount);
  }

  /** Closes a session's open polls (the session ended); returns their ids. */
  async closeAll(q: Queryable, sessionId: string): Promise<string[]> {
    const { rows } = await q.query<{ id: string }>(
      `update polls set state = 'closed', closed_at = now(), version = version + 1 where session_id = $1 and state = 'open' returning id`,
      [sessionId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Stores the voter's choices if the poll is open, in one statement. The poll row is read
   * FOR SHARE, so a close waits for votes in flight and no vote lands after it.
   * `open` false: nothing stored; `changed` false: the same choices were already stored.
   */
  async vote(q: Queryable, pollId: string, voterId: string, choices: number[]): Promise<{ open: boolean; changed: boolean }> {
    const r = await one<{ open: boolean; changed: boolean }>(
      q,
      `with p as (select id from polls where id = $1 and state = 'open' for share),
       v as (
         insert into poll_votes(poll_id, voter_id, choices) select p.id, $2, $3::smallint[] from p
         on conflict (poll_id, voter_id) do update set choices = excluded.choices, updated_at = now()
           where poll_votes.choices is distinct from excluded.choices
         returning 1
       )
       select exists(select 1 from p) as open, exists(select 1 from v) as changed`,
      [pollId, voterId, choices],
    );
    return r!;
  }

  async myChoices(q: Queryable, sessionId: string, voterId: string): Promise<Map<string, number[]>> {
    const { rows } = await q.query<{ poll_id: string; choices: number[] }>(
      'select v.poll_id, v.choices from poll_votes v join polls p on p.id = v.poll_id where p.session_id = $1 and v.voter_id = $2',
      [sessionId, voterId],
    );
    return new Map(rows.map((r) => [r.poll_id, r.choices.map(Number)]));
  }

  /** Voters and votes per option of each poll, counted from the stored votes. */
  async tally(q: Queryable, pollIds: readonly string[]): Promise<Map<string, { voters: number; byOption: Map<number, number> }>> {
    const out = new Map<string, { voters: number; byOption: Map<number, number> }>();
    if (!pollIds.length) return out;
    const { rows } = await q.query<{ poll_id: string; voters: number; options: [number, number][] | null }>(
      `select v.poll_id, count(*)::int as voters,
         (select jsonb_agg(jsonb_build_array(c, n)) from (
            select c, count(*)::int as n from poll_votes w, unnest(w.choices) as c where w.poll_id = v.poll_id group by c) t) as options
       from poll_votes v where v.poll_id = any($1::uuid[]) group by v.poll_id`,
      [pollIds],
    );
    for (const r of rows) out.set(r.poll_id, { voters: r.voters, byOption: new Map(r.options ?? []) });
    return out;
  }
}
