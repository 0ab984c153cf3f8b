import { z } from 'zod';
import type { Api } from './routes';
import { API_DOCUMENTS } from '../../common/http-route';

const Check = z.looseObject({ ok: z.boolean(), error: z.string().optional() });
/** `/healthz`: `ok`, and for platform administrators one entry per part (database, redis, and each module that reports). */
export const HealthBody = z
  .looseObject({ ok: z.boolean() })
  .catchall(Check)
  .describe('`ok` is true when every part is. For platform administrators only, each part (database, redis, media, broadcast, compile…) reports at least its own `ok`.');

/**
 * The routes the app itself serves outside the API router, documented with the API so the
 * OpenAPI document names everything the server answers (the handlers are in app.ts).
 */
export function documentPlatformRoutes(api: Api): void {
  const tags = ['platform'];
  api.external({
    method: 'get',
    path: '/healthz',
    summary: 'Health of the server and what it depends on, for load balancers and monitors',
    description: 'Everyone gets the status code and `ok`; only platform administrators also get each part\'s report (versions, paths, process ids and errors are internals).',
    tags,
    access: 'anyone (`{"ok": …}` only); platform administrators (every part\'s report)',
    responses: {
      200: { description: 'every part is healthy', content: { 'application/json': HealthBody } },
      503: { description: 'at least one part is not (its entry says which, with `ok: false`)', content: { 'application/json': HealthBody } },
    },
  });
  api.external({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of this server process (HTTP durations by route, socket connections, media, Node.js process figures)',
    tags,
    access: 'anyone who can reach the server; keep it off the public internet at the proxy',
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain; version=0.0.4; charset=utf-8': null } } },
  });
  api.external({
    method: 'get',
    path: API_DOCUMENTS.openapi,
    summary: 'This document',
    tags,
    access: 'anyone',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': z.looseObject({ openapi: z.literal('3.1.0') }) } } },
  });
  api.external({
    method: 'get',
    path: API_DOCUMENTS.asyncapi,
    summary: 'The Socket.IO contract (live features) as an AsyncAPI 3 document',
    tags,
    access: 'anyone',
    responses: { 200: { description: 'AsyncAPI 3.1', content: { 'application/json': z.looseObject({ asyncapi: z.literal('3.1.0') }) } } },
  });
}
