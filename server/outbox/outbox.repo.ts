import type { Queryable } from '../../platform/db';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
  created_at: Date | string;
}

export async function insert(q: Queryable, queue: string, topic: string, payload: unknown): Promise<void> {
  await q.query('insert into outbox(queue, topic, payload) values ($1, $2, $3)', [queue, topic, JSON.stringify(payload)]);
}

/**
 * Takes up to `limit` due rows of a queue for `leaseMs`: until then no other process takes them
 * (rows another process is taking right now are skipped, not waited for).
 */
export async function claimDue(q: Queryable, queue: string, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const { rows } = await q.query<OutboxRow>(
    `update outbox set attempts = attempts + 1, due_at = now() + $3 * interval '1 millisecond'
      where id in (select id from outbox where queue = $1 and due_at <= now() order by created_at limit $2 for update skip locked)
      returning id, topic, payload, attempts, created_at`,
    [queue, limit, leaseMs],
  );
  return rows;
}

export async function remove(q: Queryable, id: string): Promise<void> {
  await q.query('delete from outbox where id = $1', [id]);
}

export async function retryLater(q: Queryable, id: string, delayMs: number, error: string): Promise<void> {
  await q.query(`update outbox set due_at = now() + $2 * interval '1 millisecond', last_error = $3 where id = $1`, [id, delayMs, error.slice(0, 500)]);
}

export async function countPending(q: Queryable, queue: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('select count(*)::int as n from outbox where queue = $1', [queue]);
  return rows[0]?.n ?? 0;
}

/** Rows of a queue not yet handed on, oldest first (health, tests). */
export async function pending(q: Queryable, queue: string): Promise<{ topic: string; attempts: number; last_error: string | null }[]> {
  const { rows } = await q.query<{ topic: string; attempts: number; last_error: string | null }>(
    'select topic, attempts, last_error from outbox where queue = $1 order by created_at',
    [queue],
  );
  return rows;
}
