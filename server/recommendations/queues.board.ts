import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/errors';
import type { Api } from '../http/routes';
import { isAdmin } from '../people/actor';

export const QUEUES_PATH = '/admin/queues';

/**
 * Bull Board (waiting, active, failed jobs; retry, pause, add) under /api/admin/queues, for
 * platform administrators only: the queues hold every forum's jobs, and acting on them acts
 * for all. Forum organizers follow their own forum's compile jobs through its compilations
 * (`GET /api/forums/:forumId/compilations`, status and error of each) and `recs:compileProgress`.
 */
export function mountQueueBoard(api: Api, queues: Queue[]): void {
  // Bull Board and its UI cost about 25 MB and 0.4 s to load: they load on an administrator's first visit, not at every start.
  let board: Promise<RequestHandler> | undefined;
  const load = () =>
    (board ??= (async () => {
      const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([import('@bull-board/api'), import('@bull-board/api/bullMQAdapter'), import('@bull-board/express')]);
      const adapter = new ExpressAdapter();
      adapter.setBasePath(`/api${QUEUES_PATH}`);
      createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Birge queues' } } });
      return adapter.getRouter() as RequestHandler;
    })().catch((e: unknown) => {
      board = undefined;
      throw e;
    }));
  const adminsOnly: RequestHandler = (req, _res, next) => {
    next(isAdmin(req.actor) ? undefined : new AppError('forbidden', 'the queue dashboard is for platform administrators'));
  };
  api.external({
    method: 'get',
    path: `/api${QUEUES_PATH}`,
    summary: 'The queue dashboard (Bull Board): waiting, active, completed and failed compile jobs, with retry',
    description:
      `An HTML application; its own JSON API lives under /api${QUEUES_PATH}/api/ (Bull Board's, not part of this contract) and changes queues (pause, retry, remove, add jobs).`,
    tags: ['platform'],
    access: 'platform administrators only (`npm run organizer -- --admin`); forum organizers follow their own forum\'s compile jobs through `GET /api/forums/{forumId}/compilations` instead',
    responses: {
      200: { description: 'the dashboard', content: { 'text/html; charset=utf-8': null } },
      403: { description: 'problem+json (RFC 9457): not a platform administrator' },
    },
  });
  api.router.use(QUEUES_PATH, adminsOnly, (req, res, next) => {
    load().then((router) => router(req, res, next), next);
  });
}
