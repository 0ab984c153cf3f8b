import { z } from 'zod/mini';
import { AppError } from './errors';

/**
 * Parses untrusted input (HTTP body, socket payload, job data, JSON from Redis).
 * Failure is `invalid_input` listing each issue by path; nothing reaches a service unparsed.
 */
export function parse<S extends z.core.$ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = z.safeParse(schema, value);
  if (r.success) return r.data;
  throw new AppError('invalid_input', 'the request is not valid', {
    issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
