import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, httpStatusOf, isAppError, type ErrorCode } from '../../common/errors';
import type { Logger } from '../logger';

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
  const t = (err as { type?: unknown } | null)?.type;
  if (typeof t === 'string' && CLIENT_ERROR_TYPES.has(t)) {
    const message = t === 'entity.too.large' ? 'the request body is too large' : 'the request body is not valid JSON';
    // Same shape as schema failures, so a client reads every invalid_input the same way.
    return new AppError('invalid_input', message, { issues: [{ path: '', message }] });
  }
  return undefined;
}

/** RFC 9457 problem+json; `code` is the stable machine-readable part. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const app = toAppError(err);
    const code: ErrorCode = app?.code ?? 'internal';
    if (!app) log.error({ err, method: req.method, path: req.path }, 'unhandled error');
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
