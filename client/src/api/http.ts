import { z } from 'zod/mini';
import { ERROR_CODES } from '../../../common/errors';
import { fillPath, queryString, type HttpRoute } from '../../../common/http-route';
import { ClientError } from './errors';

/** RFC 9457 problem+json as the server writes it (server/http/problem.ts). */
const Problem = z.object({
  code: z.enum(ERROR_CODES),
  detail: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ClientError('network', e instanceof Error ? e.message : 'network error');
  }
  if (res.ok) return res;
  const json: unknown = await res.json().catch(() => undefined);
  const p = Problem.safeParse(json);
  if (p.success) {
    const details = { ...(p.data.details ?? {}) };
    // The header is the authority for rate limits even when details are absent.
    const retry = Number(res.headers.get('retry-after'));
    if (!('retryAfterMs' in details) && retry > 0) details.retryAfterMs = retry * 1000;
    throw new ClientError(p.data.code, p.data.detail ?? p.data.code, details, res.status);
  }
  const code = res.status === 429 ? 'rate_limited' : res.status === 404 ? 'not_found' : res.status === 503 ? 'unavailable' : res.status >= 500 ? 'internal' : 'invalid_input';
  throw new ClientError(code, `HTTP ${res.status}`, {}, res.status);
}

/** Reads a JSON answer through its contract schema: the edge of the client is validated too. */
async function read<S extends z.core.$ZodType>(res: Response, schema: S): Promise<z.infer<S>> {
  const json: unknown = await res.json().catch(() => undefined);
  const r = z.safeParse(schema, json);
  if (!r.success) throw new ClientError('internal', 'unexpected answer from the server');
  return r.data;
}

type ParamsOf<D extends HttpRoute> = D extends { params: infer P extends z.core.$ZodType } ? { params: z.input<P> } : { params?: undefined };
type QueryOf<D extends HttpRoute> = D extends { query: infer Q extends z.core.$ZodType } ? { query?: z.input<Q> } : { query?: undefined };
type BodyOf<D extends HttpRoute> = D extends { body: infer B extends z.core.$ZodType } ? { body: z.input<B> } : { body?: undefined };
type AnswerOf<D extends HttpRoute> = D extends { response: infer R extends z.core.$ZodType } ? z.output<R> : void;
type Args<D extends HttpRoute> = ParamsOf<D> & QueryOf<D> & BodyOf<D>;
/** Call arguments may be left out when the route takes none. */
type ArgsParam<D extends HttpRoute> = object extends Args<D> ? [args?: Args<D>] : [args: Args<D>];

function url(route: HttpRoute, args: { params?: unknown; query?: unknown }): string {
  const params = (args.params ?? {}) as Record<string, unknown>;
  return '/api' + fillPath(route.path, params) + queryString(args.query as Record<string, unknown> | undefined);
}

/**
 * The HTTP API (see /api/openapi.json), reached only through the routes' shared declarations
 * (common/*.contract.ts `*_ROUTES`): paths are built from the parameters a route names, bodies
 * are typed by its schema, and every answer is parsed by the contract's schema.
 */
export const http = {
  async call<D extends HttpRoute>(route: D, ...[args]: ArgsParam<D>): Promise<AnswerOf<D>> {
    const a: { params?: unknown; query?: unknown; body?: unknown } = args ?? {};
    // Express parses an absent JSON body as nothing; routes with a body schema get at least {}.
    const body = route.body ? (a.body ?? {}) : route.method === 'delete' || route.method === 'get' ? undefined : {};
    const res = await send(route.method.toUpperCase(), url(route, a), body);
    // AnswerOf<D> is void exactly when the route declares no response.
    return (route.response ? await read(res, route.response) : undefined) as AnswerOf<D>;
  },
  /** The address of a GET route, for links and downloads the browser fetches itself. */
  href<D extends HttpRoute & { method: 'get' }>(route: D, ...[args]: ArgsParam<D>): string {
    return url(route, args ?? {});
  },
};
