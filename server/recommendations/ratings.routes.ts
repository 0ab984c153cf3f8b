import { RATINGS_ROUTES as R } from '../../common/ratings.contract';
import type { Api } from '../http/routes';
import type { RatingsService } from './ratings.service';

export function ratingsRoutes(api: Api, ratings: RatingsService) {
  const tags = ['recommendations'];
  api.route(
    { ...R.rate, summary: 'Agree, disagree or pass on an open recommendation (one per person, changeable; while live and in the review window)', tags, access: 'anyone (rate-limited)' },
    ({ actor, params, body, req }) => ratings.rate(actor, req.ip ?? 'unknown', { recommendationId: params.recommendationId, value: body.value }),
  );
  api.route({ ...R.mine, summary: "The caller's ratings in a session and whether rating is open", tags, access: 'anyone' }, ({ actor, params }) => ratings.mine(actor, params.sessionId));
  api.route({ ...R.reviewWindow, summary: 'Hours after a session ends during which its recommendations can still be rated', tags, access: 'anyone' }, ({ params }) =>
    ratings.reviewWindow(params.forumId),
  );
  api.route({ ...R.setReviewWindow, summary: "Set the forum's rating review window (audited)", tags, access: 'organizers of the forum' }, ({ actor, params, body }) =>
    ratings.setReviewWindow(actor, params.forumId, body.hours),
  );
}
