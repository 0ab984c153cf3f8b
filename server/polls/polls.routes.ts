import { POLLS_ROUTES as R } from '../../common/polls.contract';
import type { Api } from '../http/routes';
import type { PollsService } from './polls.service';

const tags = ['polls'];
const MODERATORS = 'moderators of the session and organizers of the forum';
const READERS = 'anyone; drafts and hidden results of open polls only for moderators of the session and organizers of the forum';

export function pollsRoutes(api: Api, polls: PollsService) {
  api.route({ ...R.list, summary: "A session's polls with their results, as the caller may see them, and the caller's own choices", tags, access: READERS }, ({ actor, params }) =>
    polls.list(actor, params.sessionId),
  );
  api.route(
    {
      ...R.csv,
      summary: "A session's polls and results as CSV (UTF-8 with BOM): one row per option, with its votes and the poll's voters",
      tags,
      produces: ['text/csv'],
      status: 200,
      access: READERS,
    },
    async ({ actor, params, res }) => {
      const csv = await polls.csv(actor, params.sessionId);
      res.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="birge-polls-${params.sessionId.slice(0, 8)}.csv"`).send(csv);
    },
  );
  api.route({ ...R.create, summary: 'Prepare a poll (a draft) for a session, before or while it is live', tags, status: 201, access: MODERATORS }, ({ actor, body }) => polls.create(actor, body));
  api.route({ ...R.update, summary: "Replace a draft poll's content", tags, access: MODERATORS }, ({ actor, params, body }) => polls.update(actor, { ...body, pollId: params.pollId }));
  api.route({ ...R.remove, summary: 'Delete a draft poll', tags, access: MODERATORS }, async ({ actor, params }) => void (await polls.remove(actor, params.pollId)));
  api.route({ ...R.open, summary: 'Open a poll for votes (the session must be live); a closed poll can be reopened', tags, access: MODERATORS }, ({ actor, params }) => polls.open(actor, params.pollId));
  api.route({ ...R.close, summary: 'Close an open poll; hidden results become visible to everyone', tags, access: MODERATORS }, ({ actor, params }) => polls.close(actor, params.pollId));
}
