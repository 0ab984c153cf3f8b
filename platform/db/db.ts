/**
 * The storage port. PostgreSQL (pg) in production, PGlite (embedded PostgreSQL in
 * WebAssembly, data in DATA_DIR) when DATABASE_URL is unset; the same SQL runs on both.
 * Rules that keep the two identical: cast aggregates to int (`count(*)::int`),
 * pass timestamps as Date or ISO strings, never rely on driver-specific types.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'embedded';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Returns the single row or undefined; saves `rows[0]` noise at call sites. */
export async function one<R>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<R | undefined> {
  const { rows } = await q.query<R>(sql, params);
  return rows[0];
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), as both pg and PGlite report it. */
export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505';
}
