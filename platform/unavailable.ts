/**
 * Tells an outage (the database or Redis out of reach) from a bug, so callers get a clear
 * `unavailable` (503, retry later) instead of `internal`: a write that met an outage was
 * refused whole (its transaction never committed), and trying again once the service is
 * back is safe.
 */
import { AppError } from '../common/errors';
import { DeadlineError } from './deadline';

/** How long a client is asked to wait before trying again. */
const RETRY_AFTER_MS = 5000;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// SQLSTATE: class 08 connection exception; 57P01–57P03 the server shutting down or starting; 53300 too many connections.
const PG_STATES = /^(08...|57P0[123]|53300)$/;
const MESSAGES = [
  /connection terminated/i, // pg: the server closed the connection (restart)
  /client has encountered a connection error/i, // pg: a pooled client whose connection broke
  /timeout exceeded when trying to connect/i, // pg pool
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /stream isn't writeable/i, // ioredis without an offline queue
  /connection is closed/i, // ioredis
];

function isOutage(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  if (e instanceof DeadlineError) return true;
  const { code, name, message, cause, errors } = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_STATES.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // An AggregateError (a connection tried on IPv4 and IPv6) or a wrapped cause.
  if (Array.isArray(errors) && errors.some((x) => isOutage(x, depth + 1))) return true;
  return isOutage(cause, depth + 1);
}

/** The `unavailable` AppError for an outage, or undefined for anything else. */
export function unavailableError(e: unknown): AppError | undefined {
  return isOutage(e) ? unavailable() : undefined;
}

/** The answer to a request that an outage keeps from being served. */
export function unavailable(): AppError {
  return new AppError('unavailable', 'a service the platform needs is out of reach; nothing was changed, try again shortly', { retryAfterMs: RETRY_AFTER_MS });
}
