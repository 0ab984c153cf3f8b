import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { createDocument, type CreateDocumentOptions, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { Actor } from '../people/actor';
import type { HttpMethod, HttpRoute } from '../../common/http-route';
import { parse } from '../../common/validate';

export interface RouteCtx<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  actor: Actor;
  req: Request;
  res: Response;
}

/**
 * A shared declaration (common/*.contract.ts `*_ROUTES`, which the client calls through) spread
 * together with what only the document needs.
 */
export interface RouteSpec<B extends z.core.$ZodType, P extends z.core.$ZodType, Q extends z.core.$ZodType, R extends z.core.$ZodType> extends HttpRoute<P, B, R, Q> {
  summary: string;
  tags: string[];
  status?: number;
  /** Who may call it, for the document (the service still checks). */
  access?: string;
  /**
   * For file downloads (answered 200 by the handler itself): the content types the route
   * answers with, exactly as it sends them; `schemas` names the structure of a type whose
   * file is structured (the JSON compilation), the others are documented as text or bytes.
   */
  produces?: readonly string[];
  schemas?: Readonly<Record<string, z.core.$ZodType>>;
}

/**
 * A route served outside the API router (health, metrics, media files, the queue dashboard),
 * documented here so that the OpenAPI document names everything the server answers.
 */
export interface ExternalSpec {
  method: HttpMethod;
  /** Express-style path from the site root, e.g. `/media/sessions/:sessionId/:file`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.core.$ZodType;
  query?: z.core.$ZodType;
  access: string;
  /** Status → what it carries: a schema per content type, or `null` for text or bytes. */
  responses: Record<number, { description: string; content?: Record<string, z.core.$ZodType | null> }>;
}

/** Text formats are documented as strings; the others as bytes. */
const fileSchema = (type: string) => (/^text\/|\+xml|charset=/.test(type) ? { type: 'string' as const } : { type: 'string' as const, format: 'binary' });
const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');
/** A route's path and query parameters, as the document names them. */
const requestParamsOf = (spec: { params?: z.core.$ZodType; query?: z.core.$ZodType }) => ({
  ...(spec.params ? { path: spec.params as never } : {}),
  ...(spec.query ? { query: spec.query as never } : {}),
});

/**
 * zod documents an answer's object as closed (parsing one strips unknown keys), but answers are
 * sent as the services made them, not parsed: an answer may carry more than its schema lists, and
 * clients should accept what they do not know. Only strict objects stay closed.
 */
const openAnswers: NonNullable<CreateDocumentOptions['override']> = ({ jsonSchema, zodSchema, io }) => {
  const def = zodSchema._zod.def;
  if (io === 'output' && def.type === 'object' && !('catchall' in def && def.catchall) && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
};

/**
 * One declaration drives both sides of a route: the Express handler that parses
 * params, query and body before the service sees them, and the OpenAPI 3.1 entry.
 * Services return plain values; errors go to the problem+json middleware.
 */
export class Api {
  readonly #paths: ZodOpenApiPathsObject = {};

  constructor(readonly router: Router) {}

  route<
    B extends z.core.$ZodType = z.ZodUndefined,
    P extends z.core.$ZodType = z.ZodUndefined,
    Q extends z.core.$ZodType = z.ZodUndefined,
    R extends z.core.$ZodType = z.ZodUnknown,
  >(spec: RouteSpec<B, P, Q, R>, fn: (ctx: RouteCtx<z.infer<B>, z.infer<P>, z.infer<Q>>) => Promise<z.infer<R> | void>) {
    const status = spec.status ?? (spec.response || spec.produces ? 200 : 204);
    this.#operation(spec.method, '/api' + openApiPath(spec.path), {
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.access ? { description: `Access: ${spec.access}` } : {}),
      requestParams: requestParamsOf(spec),
      ...(spec.body ? { requestBody: { content: { 'application/json': { schema: spec.body } } } } : {}),
      responses: {
        [status]: {
          description: 'success',
          ...(spec.response
            ? { content: { 'application/json': { schema: spec.response } } }
            : spec.produces
              ? { content: Object.fromEntries(spec.produces.map((t) => [t, { schema: spec.schemas?.[t] ?? fileSchema(t) }])) }
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

  /** Documents a route that something else serves (see {@link ExternalSpec}). */
  external(spec: ExternalSpec): void {
    this.#operation(spec.method, openApiPath(spec.path), {
      summary: spec.summary,
      tags: spec.tags,
      description: [spec.description, `Access: ${spec.access}`].filter(Boolean).join('\n\n'),
      requestParams: requestParamsOf(spec),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([code, r]) => [
          code,
          {
            description: r.description,
            ...(r.content ? { content: Object.fromEntries(Object.entries(r.content).map(([t, schema]) => [t, { schema: schema ?? fileSchema(t) }])) } : {}),
          },
        ]),
      ),
    });
  }

  #operation(method: HttpMethod, path: string, op: ZodOpenApiOperationObject): void {
    (this.#paths[path] ??= {})[method] = op;
  }

  document(info: { title: string; version: string }) {
    return createDocument(
      {
        openapi: '3.1.0',
        info: { ...info, description: 'Birge HTTP API. Live features use the Socket.IO contract described at /api/asyncapi.json (AsyncAPI 3).' },
        paths: this.#paths,
      },
      { override: openAnswers },
    );
  }
}
