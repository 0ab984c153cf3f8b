import type { RequestHandler } from 'express';
import { AppError } from '../../common/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send
 * `Sec-Fetch-Site` and `Origin` on cross-site requests and cannot forge them, so a
 * write is refused when either says it came from elsewhere. Non-browser clients
 * (CLI, tests) send neither and hold no victim's cookies. Cookies are also SameSite=Lax.
 */
export function csrfGuard(allowedOrigins: () => string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') {
      return next(new AppError('forbidden', 'cross-site request refused'));
    }
    const origin = req.get('origin');
    if (origin) {
      const own = `${req.protocol}://${req.get('host')}`;
      if (origin !== own && !allowedOrigins().includes(origin)) {
        return next(new AppError('forbidden', 'cross-origin request refused'));
      }
    }
    next();
  };
}

/** The same rule for Socket.IO handshakes (cross-site WebSocket hijacking). */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
