import { z } from 'zod/mini';
import { ERROR_CODES, type WireError } from './errors';

/** Every client→server socket event is acknowledged with exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export type AckCallback<T> = (result: Ack<T>) => void;

/** {@link WireError} as a schema, for those who read acks (the client, the AsyncAPI document). */
export const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** For logs; clients show their own sentence for the code. */
  message: z.string(),
  /** Machine-readable facts: `issues` for invalid_input, `retryAfterMs` for rate_limited, … */
  details: z.optional(z.record(z.string(), z.unknown())),
});

/** The ack of an event whose data is `data`. */
export const ackSchema = <S extends z.core.$ZodType>(data: S) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: WireErrorSchema })]);
