/**
 * How a domain declares an HTTP route once for both ends: the server's `api.route()` spreads
 * the declaration (it parses and documents with the same schemas) and the client's
 * `http.call()` builds the path from `params` and parses the answer with `response`, so no
 * call site writes a path by hand.
 */
import type { z } from 'zod/mini';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HttpRoute<P extends z.core.$ZodType = z.core.$ZodType, B extends z.core.$ZodType = z.core.$ZodType, R extends z.core.$ZodType = z.core.$ZodType, Q extends z.core.$ZodType = z.core.$ZodType> {
  method: HttpMethod;
  /** Express-style path relative to /api, e.g. `/forums/:forumId/team`. */
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The JSON answer; absent for a 204 or a file download. */
  response?: R;
}

/** The query string of `query`: undefined values are left out, arrays repeat their key. */
export function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) q.append(k, String(x));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Express `:name` segments of a path, filled in order from `params`. */
export function fillPath(path: string, params: Readonly<Record<string, unknown>>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = params[name];
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

/** Where the server describes its own API, served beside the routes rather than declared by a domain. */
export const API_DOCUMENTS = { openapi: '/api/openapi.json', asyncapi: '/api/asyncapi.json' } as const;
