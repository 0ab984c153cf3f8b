/** Thrown by {@link within} when the work did not settle in time. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * Settles like `work`, or rejects with a DeadlineError after `ms`: for answers that must not
 * wait on a dependency that went away (Redis reconnecting keeps commands queued, not failed).
 * The work itself goes on; only the caller stops waiting.
 */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
