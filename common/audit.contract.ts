/** Contract for the audit trail: who did what, when and why, as moderators and organizers read it. */
import { z } from 'zod/mini';
import { SessionPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

/** One line of a session's audit trail. */
export const AuditEntryView = z.object({
  at: z.string(),
  domain: z.string(),
  action: z.string(),
  actorId: z.string(),
  actorName: z.nullable(z.string()),
  targetId: z.nullable(z.string()),
  reason: z.nullable(z.string()),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

/** The audit trail's HTTP routes (see common/http-route.ts). */
export const AUDIT_ROUTES = {
  trail: { method: 'get', path: '/sessions/:sessionId/audit', params: SessionPath, response: z.array(AuditEntryView) },
  csv: { method: 'get', path: '/sessions/:sessionId/audit.csv', params: SessionPath },
} as const satisfies Record<string, HttpRoute>;
