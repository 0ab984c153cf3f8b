import { z } from 'zod';
import { ERROR_CODES } from '../../../common/errors';
import { ClientError } from './errors';

/** RFC 9457 problem+json as the server writes it (server/http/problem.ts). */
const Problem = z.object({
  code: z.enum(ERROR_CODES),
  detail: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
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
  const code = res.status === 429 ? 'rate_limited' : res.status === 404 ? 'not_found' : res.status >= 500 ? 'internal' : 'invalid_input';
  throw new ClientError(code, `HTTP ${res.status}`, {}, res.status);
}

/** Reads a JSON answer through its contract schema: the edge of the client is validated too. */
async function read<S extends z.ZodType>(res: Response, schema: S): Promise<z.infer<S>> {
  const json: unknown = await res.json().catch(() => undefined);
  const r = schema.safeParse(json);
  if (!r.success) throw new ClientError('internal', 'unexpected answer from the server');
  return r.data;
}

/** The HTTP API (see /api/openapi.json). Every answer is parsed by the shared contract's schema. */
export const http = {
  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return read(await send('GET', path), schema);
  },
  async post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return read(await send('POST', path, body ?? {}), schema);
  },
  async put<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return read(await send('PUT', path, body), schema);
  },
  async patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return read(await send('PATCH', path, body), schema);
  },
  /** For answers without a body (204). */
  async run(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<void> {
    await send(method, path, body ?? (method === 'DELETE' ? undefined : {}));
  },
};
