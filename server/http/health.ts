import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { within } from '../../platform/deadline';
import type { Db } from '../../platform/db';
import type { DomainModule, HealthReport } from '../core';
import { isAdmin } from '../people/actor';
import { readCookieHeader } from '../people/identify';
import type { PeopleService } from '../people/people.service';

/** /healthz answers within about this long whatever is down. */
const HEALTH_DEADLINE_MS = 800;

export interface HealthDeps {
  db: Db;
  redis: Redis;
  people: PeopleService;
  /** Signs the cookies the caller is read from. */
  secret: string;
  /** The modules that report; filled in once they exist. */
  modules: readonly DomainModule[];
}

/**
 * GET /healthz: 200 or 503 and `{ok}` for anyone (a load balancer needs no more); each part's
 * report only for a platform administrator, since versions, paths, process ids and error texts
 * are internals. Mounted ahead of identification: a probe gets no citizen cookie, and an outage
 * of what identifies callers cannot hold the answer (a caller not identified in time is anonymous).
 */
export function healthRoute(d: HealthDeps): RequestHandler {
  // Every part is asked at once and none may hold the answer: a Redis that is reconnecting
  // keeps commands waiting, and a load balancer needs its 503 now.
  const bounded = (what: string, work: () => Promise<HealthReport>): Promise<HealthReport> =>
    within(work(), HEALTH_DEADLINE_MS, what).catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
  const administrator = async (cookie: string | undefined): Promise<boolean> => {
    const { sessionToken } = readCookieHeader(cookie, d.secret);
    const actor = sessionToken ? await d.people.accountBySession(sessionToken) : undefined;
    return Boolean(actor && isAdmin(actor));
  };
  return async (req, res) => {
    const parts: [string, Promise<HealthReport>][] = [
      ['database', bounded('the database', () => d.db.ping().then(() => ({ ok: true }))).then((r) => ({ ...r, kind: d.db.kind }))],
      ['redis', bounded('Redis', () => d.redis.ping().then(() => ({ ok: true })))],
      ...d.modules.flatMap((m): [string, Promise<HealthReport>][] => (m.health ? [[m.name, bounded(m.name, () => m.health!())]] : [])),
    ];
    const [admin, report] = await Promise.all([
      within(administrator(req.headers.cookie), HEALTH_DEADLINE_MS, 'the caller').catch(() => false),
      Promise.all(parts.map(async ([name, p]) => [name, await p] as const)).then((entries): Record<string, HealthReport> => Object.fromEntries(entries)),
    ]);
    const ok = Object.values(report).every((r) => r.ok);
    res.status(ok ? 200 : 503).json(admin ? { ok, ...report } : { ok });
  };
}
