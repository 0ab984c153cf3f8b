import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { sign, unsign } from 'cookie-signature';
import type { Request, RequestHandler, Response } from 'express';
import { type AppError, isAppError } from '../../common/errors';
import { PEOPLE_ROUTES } from '../../common/people.contract';
import type { Actor } from './actor';
import type { CitizenMint } from './citizen-mint';
import type { PeopleService } from './people.service';
import { SESSION_TTL_MS } from './people.service';

export const SESSION_COOKIE = 'birge_sid';
export const CITIZEN_COOKIE = 'birge_cid';
const CITIZEN_TTL_MS = 365 * 24 * 3600 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CookieIds {
  sessionToken: string | undefined;
  citizenId: string | undefined;
}

/**
 * Reads our two cookies from a raw Cookie header; the citizen id must carry a valid signature.
 * The `s:` prefix is required: cookie-parser's `signedCookie` hands an unprefixed value back
 * as it is, which would let anyone claim a citizen by sending their bare id.
 */
export function readCookieHeader(header: string | undefined, secret: string): CookieIds {
  const jar = header ? parseCookies(header) : {};
  const signed = jar[CITIZEN_COOKIE];
  const cid = signed?.startsWith('s:') ? unsign(signed.slice(2), secret) : false;
  return {
    sessionToken: jar[SESSION_COOKIE] || undefined,
    citizenId: typeof cid === 'string' && UUID.test(cid) ? cid : undefined,
  };
}

/** Account if the session cookie is valid, else the citizen (a fresh pseudonym when none). */
export async function resolveActor(people: PeopleService, ids: CookieIds): Promise<{ actor: Actor; fresh: boolean }> {
  if (ids.sessionToken) {
    const acc = await people.accountBySession(ids.sessionToken);
    if (acc) return { actor: acc, fresh: false };
  }
  if (ids.citizenId) return { actor: await people.citizen(ids.citizenId), fresh: false };
  return { actor: { kind: 'citizen', id: randomUUID(), displayName: null }, fresh: true };
}

export interface CookieOptions {
  secure: boolean;
}

export function setSessionCookie(res: Response, token: string, opts: CookieOptions) {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(res: Response, opts: CookieOptions) {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: '/' });
}

/** The signed citizen cookie, in the format cookie-parser verifies (`s:` + HMAC signature). */
function citizenCookie(id: string, secret: string, opts: CookieOptions): string {
  return serializeCookie(CITIZEN_COOKIE, `s:${sign(id, secret)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/',
    maxAge: CITIZEN_TTL_MS / 1000,
  });
}

const handshakeCitizen = new WeakMap<IncomingMessage, string>();
const handshakeRefused = new WeakMap<IncomingMessage, AppError>();

/**
 * Before a Socket.IO handshake (engine `allowRequest`): a client without a pseudonym spends
 * one of its address's new identities, or is marked refused when they are used up.
 */
export async function mintForHandshake(req: IncomingMessage, secret: string, ip: string, mint: CitizenMint): Promise<void> {
  if (readCookieHeader(req.headers.cookie, secret).citizenId) return;
  try {
    await mint.take(ip);
    handshakeCitizen.set(req, randomUUID());
  } catch (e) {
    if (!isAppError(e)) throw e;
    handshakeRefused.set(req, e);
  }
}

/** Why the handshake got no identity, if it was refused one. */
export function handshakeRefusal(req: IncomingMessage): AppError | undefined {
  return handshakeRefused.get(req);
}

/**
 * For Socket.IO's handshake response (engine `initial_headers`): a client whose first
 * contact is the socket gets its pseudonym cookie there, and the socket is that same
 * person, so its questions and votes stay theirs after a reload.
 */
export function handshakeCookie(headers: Record<string, unknown>, req: IncomingMessage, secret: string, opts: CookieOptions) {
  const id = handshakeCitizen.get(req);
  if (id) headers['set-cookie'] = citizenCookie(id, secret, opts);
}

/** The cookies a socket connection presented, plus a pseudonym issued in its handshake. */
export function socketCookieIds(req: IncomingMessage, secret: string): CookieIds {
  const ids = readCookieHeader(req.headers.cookie, secret);
  return { ...ids, citizenId: ids.citizenId ?? handshakeCitizen.get(req) };
}

/**
 * Puts `req.actor` on every request. Anonymous visitors get a signed citizen cookie,
 * which is what makes one-vote-per-person hold without an account; an address that used up
 * its new identities for the hour still reads (as a passer-by with no cookie) but may not
 * write until then.
 */
export function identify(people: PeopleService, secret: string, opts: CookieOptions, mint: CitizenMint): RequestHandler {
  return async (req, res, next) => {
    const { actor, fresh } = await resolveActor(people, readCookieHeader(req.headers.cookie, secret));
    if (fresh) {
      try {
        await mint.take(req.ip ?? 'unknown');
        res.append('Set-Cookie', citizenCookie(actor.id, secret, opts));
      } catch (e) {
        if (!READS.has(req.method) && !SIGN_IN.has(req.path)) throw e;
      }
    }
    req.actor = actor;
    next();
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Signing in makes the caller an account, which needs no pseudonym: staff behind a busy address still get in.
const SIGN_IN = new Set([PEOPLE_ROUTES.login, PEOPLE_ROUTES.acceptInvite].map((r) => '/api' + r.path));

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor;
  }
}

export function actorOf(req: Request): Actor {
  return req.actor;
}
