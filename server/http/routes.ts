import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../people/actor';
import { parse } from '../validate';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteCtx<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  actor: Actor;
  req: Request;
  res: Response;
}

export interface RouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Express-style path relative to /api, e.g. `/forums/:slug`. */
  path: string;
  summary: string;
  tags: string[];
  body?: B;
  params?: P;
  query?: Q;
  /** The JSON answer. Omit for routes that stream a file or answer 204. */
  response?: R;
  status?: number;
  /** Who may call it, for the document (the service still checks). */
  access?: string;
  /** For file downloads: the content types the route answers with. */
  produces?: string[];
}

/**
 * One declaration drives both sides of a route: the Express handler that parses
 * params, query and body before the service sees them, and the OpenAPI 3.1 entry.
 * Services return plain values; errors go to the problem+json middleware.
 */
export class Api {
  readonly registry = new OpenAPIRegistry();

  constructor(readonly router: Router) {}

  route<
    B extends z.ZodType = z.ZodUndefined,
    P extends z.ZodType = z.ZodUndefined,
    Q extends z.ZodType = z.ZodUndefined,
    R extends z.ZodType = z.ZodUnknown,
  >(spec: RouteSpec<B, P, Q, R>, fn: (ctx: RouteCtx<z.infer<B>, z.infer<P>, z.infer<Q>>) => Promise<z.infer<R> | void>) {
    const status = spec.status ?? (spec.response ? 200 : 204);
    this.registry.registerPath({
      method: spec.method,
      path: '/api' + spec.path.replace(/:([A-Za-z_]+)/g, '{$1}'),
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.access ? { description: `Access: ${spec.access}` } : {}),
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses: {
        [status]: {
          description: 'success',
          ...(spec.response
            ? { content: { 'application/json': { schema: spec.response } } }
            : spec.produces
              ? { content: Object.fromEntries(spec.produces.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }
              : {}),
        },
        default: { description: 'problem+json (RFC 9457) with a stable `code`' },
      },
    });
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      const ctx: RouteCtx<z.infer<B>, z.infer<P>, z.infer<Q>> = {
        body: spec.body ? parse(spec.body, req.body ?? {}) : (undefined as z.infer<B>),
        params: spec.params ? parse(spec.params, req.params) : (undefined as z.infer<P>),
        query: spec.query ? parse(spec.query, req.query) : (undefined as z.infer<Q>),
        actor: req.actor,
        req,
        res,
      };
      const out = await fn(ctx);
      if (res.headersSent) return;
      if (spec.response) res.status(status).json(out);
      else res.status(status).end();
    });
  }

  document(info: { title: string; version: string }) {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { ...info, description: 'Birge HTTP API. Live features use the Socket.IO contract in common/events.ts.' },
    });
  }
}
