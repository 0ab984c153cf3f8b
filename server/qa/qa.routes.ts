import { z } from 'zod';
import { Id } from '../../common/base';
import { AuditEntryView } from '../../common/qa.contract';
import type { Api } from '../http/routes';
import type { QaService } from './qa.service';

export function qaRoutes(api: Api, qa: QaService) {
  api.route(
    {
      method: 'get',
      path: '/sessions/:sessionId/audit',
      summary: "The session's audit trail, newest first (who did what, when and why)",
      tags: ['qa'],
      params: z.object({ sessionId: Id }),
      response: z.array(AuditEntryView),
      access: 'moderators of the session and organizers of the forum',
    },
    ({ actor, params }) => qa.audit(actor, params.sessionId),
  );
  api.route(
    {
      method: 'get',
      path: '/sessions/:sessionId/audit.csv',
      summary: "The session's audit log (who did what, when and why) as CSV (UTF-8 with BOM)",
      tags: ['qa'],
      params: z.object({ sessionId: Id }),
      access: 'organizers of the forum',
      produces: ['text/csv'],
    },
    async ({ actor, params, res }) => {
      const csv = await qa.auditCsv(actor, params.sessionId);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="audit-${params.sessionId}.csv"`)
        .send(csv);
    },
  );
}
