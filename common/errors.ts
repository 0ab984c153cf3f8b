/**
 * The one error model shared by server, workers and client.
 * Services throw {@link AppError}; only the HTTP error middleware and the socket
 * `handle()` wrapper translate it, using {@link httpStatusOf}.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_state',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  internal: 500,
  /** The database or Redis is out of reach for now; nothing was changed, try again (Retry-After). */
  unavailable: 503,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** Extra, machine-readable facts about an error (field issues, retry delay, …). */
export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The wire form of an error, in acks and in problem+json bodies. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}
