import { ERROR_CODES, type ErrorCode, type WireError } from '../../../common/errors';
import { t, type MessageKey } from '../i18n/i18n';

/** Server codes plus the failures only a client sees. */
export type ClientErrorCode = ErrorCode | 'network' | 'timeout' | 'device' | 'unsupported';

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error the user can be told about: a server `AppError` on the wire, or a transport failure. */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly status?: number,
  ) {
    super(message);
  }

  /** Whole seconds until a rate-limited action may be tried again. */
  get retryAfterSec(): number | undefined {
    const ms = this.details.retryAfterMs;
    return typeof ms === 'number' && ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : undefined;
  }

  /** Per-field problems reported with `invalid_input`. */
  get issues(): FieldIssue[] {
    const list = this.details.issues;
    if (!Array.isArray(list)) return [];
    return list.flatMap((i: unknown) =>
      i && typeof i === 'object' && 'path' in i && 'message' in i && typeof i.path === 'string' && typeof i.message === 'string'
        ? [{ path: i.path, message: i.message }]
        : [],
    );
  }
}

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

export function fromWire(e: WireError): ClientError {
  return new ClientError(e.code, e.message, e.details ?? {});
}

const CLIENT_CODES: readonly string[] = [...ERROR_CODES, 'network', 'timeout', 'device', 'unsupported'];
function isClientCode(v: unknown): v is ClientErrorCode {
  return typeof v === 'string' && CLIENT_CODES.includes(v);
}

export function toClientError(e: unknown): ClientError {
  if (e instanceof ClientError) return e;
  // The media module's MediaError carries the same codes (plus device and unsupported).
  if (e instanceof Error && 'code' in e && isClientCode(e.code)) {
    const details = 'details' in e && e.details && typeof e.details === 'object' ? { ...e.details } : {};
    return new ClientError(e.code, e.message, details);
  }
  // socket.io's emitWithAck rejects with this message when the ack does not arrive in time.
  if (e instanceof Error && /timed out/i.test(e.message)) return new ClientError('timeout', e.message);
  if (e instanceof TypeError) return new ClientError('network', e.message);
  return new ClientError('internal', e instanceof Error ? e.message : String(e));
}

const MESSAGES: Record<ClientErrorCode, MessageKey> = {
  invalid_input: 'error.invalid_input',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  invalid_state: 'error.invalid_state',
  rate_limited: 'error.rate_limited',
  internal: 'error.internal',
  unavailable: 'error.unavailable',
  network: 'error.network',
  timeout: 'error.timeout',
  device: 'error.device',
  unsupported: 'error.unsupported',
};

/**
 * A sentence for the reader in their language. The server's English message is not
 * shown: it is written for logs. `context` can give a more precise sentence per code.
 */
export function errorMessage(e: unknown, context: Partial<Record<ClientErrorCode, MessageKey>> = {}): string {
  const err = toClientError(e);
  const key = context[err.code] ?? MESSAGES[err.code];
  if (err.code === 'rate_limited') {
    const seconds = err.retryAfterSec;
    return seconds ? t('error.rate_limited_wait', { count: seconds }) : t(key);
  }
  return t(key);
}
