import { z } from 'zod';
import { Id } from '../../common/base';
import type { Api } from '../http/routes';
import type { QaService } from './qa.service';

export function qaRoutes(api: Api, qa: QaService) {
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
