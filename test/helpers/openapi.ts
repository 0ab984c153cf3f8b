/**
 * Checks answers against the OpenAPI document the server publishes, as an integrator who
 * knows only that document would: the status is one it lists, and a file comes with one
 * of the content types it names.
 */
import { expect } from 'vitest';

export interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const docs = new Map<string, Promise<OpenApiDoc>>();

/** The document as served by the app at `base` (read once per app). */
export function openApiOf(base: string): Promise<OpenApiDoc> {
  let d = docs.get(base);
  if (!d) {
    d = fetch(`${base}/api/openapi.json`).then((r) => r.json() as Promise<OpenApiDoc>);
    docs.set(base, d);
  }
  return d;
}

/** `text/CSV;charset=UTF-8` and `text/csv; charset=utf-8` are the same type. */
export const normalType = (t: string) => t.toLowerCase().replace(/\s+/g, '');

/**
 * Asserts that an answer to `method path` (the documented template, e.g.
 * `/api/sessions/{sessionId}/audit.csv`) has a documented status and, when the document
 * names content types for it, one of them.
 */
export async function expectAsDocumented(base: string, method: string, template: string, res: { status: number; headers: Headers }): Promise<void> {
  const doc = await openApiOf(base);
  const op = doc.paths[template]?.[method.toLowerCase()];
  expect(op, `${method} ${template} is documented`).toBeDefined();
  // Problems (problem+json) are the `default` answer of every operation.
  const documented = op!.responses[String(res.status)] ?? (res.status >= 400 ? op!.responses.default : undefined);
  expect(documented, `${method} ${template} documents status ${res.status}`).toBeDefined();
  const types = Object.keys(documented!.content ?? {});
  if (types.length === 0) return;
  const got = normalType(res.headers.get('content-type') ?? '(none)');
  // A type documented without parameters (`application/json`) allows any (`charset=utf-8`); one documented with them, only those.
  const accepted = types.map(normalType).map((t) => (t.includes(';') || !got.startsWith(`${t};`) ? t : got));
  expect(accepted, `${method} ${template} answered ${got}`).toContain(got);
}
