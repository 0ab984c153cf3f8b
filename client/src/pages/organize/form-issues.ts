import { useState } from 'preact/hooks';
import { z } from 'zod/mini';
import { toClientError } from '../../api/errors';

/** Field problems keyed by path ("title", "title.kk", "" for the whole form). */
export type Issues = Record<string, string>;

export function issuesOf(error: unknown): Issues {
  const out: Issues = {};
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues)) {
    for (const i of error.issues as unknown[]) {
      if (!i || typeof i !== 'object') continue;
      const path = 'path' in i ? (Array.isArray(i.path) ? (i.path as unknown[]).join('.') : typeof i.path === 'string' ? i.path : '') : '';
      const message = 'message' in i && typeof i.message === 'string' ? i.message : '';
      out[path] ??= message;
    }
    return out;
  }
  const ce = toClientError(error);
  for (const i of ce.issues) out[i.path] ??= i.message;
  return out;
}

/** The first problem at a path or beneath it ("title" also reports "title.kk"). */
export function issueAt(issues: Issues, path: string): string | undefined {
  if (issues[path]) return issues[path];
  const k = Object.keys(issues).find((p) => p.startsWith(`${path}.`));
  return k ? issues[k] : undefined;
}

/**
 * The save cycle every organizer form shares: check the body with the contract's schema
 * (problems go to the fields, nothing is sent), then send; the server's problems land on
 * the fields too. Resolves with the saved value, or undefined when nothing was saved.
 */
export function useFormSave() {
  const [issues, setIssues] = useState<Issues>({});
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const save = async <S extends z.core.$ZodType, R>(schema: S, body: unknown, send: (data: z.infer<S>) => Promise<R>): Promise<R | undefined> => {
    setError(undefined);
    const parsed = z.safeParse(schema, body);
    if (!parsed.success) {
      setIssues(issuesOf(parsed.error));
      return undefined;
    }
    setIssues({});
    setBusy(true);
    try {
      return await send(parsed.data);
    } catch (err) {
      setIssues(issuesOf(err));
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { issues, error, busy, save };
}
