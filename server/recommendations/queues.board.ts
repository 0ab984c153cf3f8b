import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { AppError } from '../../common/errors';
import type { Api } from '../http/routes';
import type { RolesService } from '../people/roles.service';

export const QUEUES_PATH = '/admin/queues';

/**
 * Bull Board (waiting, active, failed jobs, with retry) under /api/admin/queues, for
 * organizers of any forum and accounts that may create forums. Job data holds only ids.
 */
export function mountQueueBoard(api: Api, roles: RolesService, queues: Queue[]): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(`/api${QUEUES_PATH}`);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Birge queues' } } });
  const organizersOnly: RequestHandler = (req, _res, next) => {
    const actor = req.actor;
    if (actor.kind !== 'account') return next(new AppError('forbidden', 'the queue dashboard is for organizers'));
    if (actor.canCreateForums) return next();
    roles
      .list(actor)
      .then((grants) => next(grants.some((g) => g.role === 'organizer') ? undefined : new AppError('forbidden', 'the queue dashboard is for organizers')))
      .catch(next);
  };
  api.router.use(QUEUES_PATH, organizersOnly, adapter.getRouter() as RequestHandler);
}
