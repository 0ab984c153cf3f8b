import type { Request } from 'express';
import { fillPath } from '../../common/http-route';
import { RECS_ROUTES as R } from '../../common/recs.contract';
import type { Api } from '../http/routes';
import type { TrackerService } from './tracker.service';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Feed routes: anyone may subscribe once the forum-wide set is published (organizers always). */
export function trackerFeedRoutes(api: Api, tracker: TrackerService, publicUrl: string | undefined) {
  const origin = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const access = 'anyone once a forum-wide set is published (the newest published set); organizers always';
  api.route(
    { ...R.trackerFeed, summary: "Atom feed of the forum's tracker: every status, responsible body, deadline change and note (`lang`: kk, ru or en)", tags: ['tracker'], produces: [ATOM], access },
    async ({ actor, params, query, req, res }) => {
      const xml = await tracker.feed(actor, { forum: params.forum }, query.lang, origin(req), `${origin(req)}/api${fillPath(R.trackerFeed.path, params)}`);
      res.status(200).type(ATOM).setHeader('cache-control', 'public, max-age=60').send(xml);
    },
  );
  api.route(
    { ...R.itemFeed, summary: "Atom feed of one tracker item's changes and notes (`lang`: kk, ru or en)", tags: ['tracker'], produces: [ATOM], access },
    async ({ actor, params, query, req, res }) => {
      const xml = await tracker.feed(actor, { itemId: params.itemId }, query.lang, origin(req), `${origin(req)}/api${fillPath(R.itemFeed.path, params)}`);
      res.status(200).type(ATOM).setHeader('cache-control', 'public, max-age=60').send(xml);
    },
  );
}
