import { AUDIT_ROUTES } from '../../common/audit.contract';
import type { Api } from '../http/routes';
import type { SessionsService } from '../sessions/sessions.service';
import type { AuditService } from './audit.service';

const CSV = 'text/csv; charset=utf-8';
const tags = ['audit'];

export function auditRoutes(api: Api, audit: AuditService, sessions: Pick<SessionsService, 'info'>) {
  api.route(
    {
      ...AUDIT_ROUTES.trail,
      summary: "The session's audit trail, newest first (who did what, when and why)",
      tags,
      access: 'moderators of the session and organizers of the forum',
    },
    async ({ actor, params }) => audit.sessionTrail(actor, await sessions.info(params.sessionId)),
  );
  api.route(
    {
      ...AUDIT_ROUTES.csv,
      summary: "The session's audit log (who did what, when and why) as CSV (UTF-8 with BOM)",
      tags,
      access: 'organizers of the forum',
      produces: [CSV],
    },
    async ({ actor, params, res }) => {
      const csv = await audit.sessionCsv(actor, await sessions.info(params.sessionId));
      res.status(200).type(CSV).setHeader('content-disposition', `attachment; filename="audit-${params.sessionId}.csv"`).send(csv);
    },
  );
}
