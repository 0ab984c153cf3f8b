import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, httpStatusOf, isAppError, type ErrorCode } from '../../common/errors';
import type { Logger } from '../../platform/logger';
import { unavailableError } from '../../platform/unavailable';

/** Body-parser and friends flag client mistakes with these `type`s; they are bad input, not crashes. */
const CLIENT_ERROR_TYPES = new Set([
  'entity.too.large',
  'entity.parse.failed',
  'encoding.unsupported',
  'charset.unsupported',
  'request.aborted',
  'parameters.too.many',
]);

function toAppError(err: unknown): AppError | undefined {
  if (isAppError(err)) return err;
  const outage = unavailableError(err);
  if (outage) return outage;
  const e = (err ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  const t = e.type;
  let message: string | undefined;
  if (typeof t === 'string' && CLIENT_ERROR_TYPES.has(t)) {
    message = t === 'entity.too.large' ? 'the request body is too large' : 'the request body is not valid JSON';
  } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    // body-parser marks a body it could not read as a client error without a `type`: a
    // `Content-Encoding` that does not match the bytes (gzip that is not gzip) is one.
    message = 'the request body could not be decoded';
  }
  // Same shape as schema failures, so a client reads every invalid_input the same way.
  return message ? new AppError('invalid_input', message, { issues: [{ path: '', message }] }) : undefined;
}

/** RFC 9457 problem+json; `code` is the stable machine-readable part. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      // Part of the answer is out (a download failing midway): cut it off rather than end it as if whole.
      log.error({ err, method: req.method, path: req.path }, 'failed after the answer began');
      res.destroy();
      return;
    }
    const app = toAppError(err);
    const code: ErrorCode = app?.code ?? 'internal';
    if (!app) log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    else if (app.code === 'unavailable') log.warn({ err: (err as Error).message, method: req.method, path: req.path }, 'refused during an outage');
    const status = httpStatusOf(code);
    const retryAfterMs = app?.details?.retryAfterMs;
    if (typeof retryAfterMs === 'number') res.setHeader('Retry-After', Math.ceil(retryAfterMs / 1000));
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: `https://birge.kz/problems/${code}`,
        title: code.replace('_', ' '),
        status,
        code,
        detail: app ? app.message : 'something went wrong on our side',
        ...(app?.details ? { details: app.details } : {}),
      });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route for ${req.method} ${req.path}`));
};
