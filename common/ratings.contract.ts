/**
 * Contract for rating draft recommendations: agree, disagree or pass, one rating per
 * identity, changeable while the session is live and during its review window.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf } from './catalog';
import { Id } from './base';
import { SessionPath, ForumPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

export const RATING_VALUES = ['agree', 'disagree', 'pass'] as const;
export const RatingValue = z.enum(RATING_VALUES);
export type RatingValue = z.infer<typeof RatingValue>;

export const RateInput = z.strictObject({ recommendationId: Id, value: RatingValue });
export type RateInput = z.infer<typeof RateInput>;

export const Rated = z.object({ recommendationId: Id, value: RatingValue, updatedAt: z.string() });
export type Rated = z.infer<typeof Rated>;

/** When a session's items can be rated: while live, then until `closesAt`. */
export const RatingWindow = z.object({
  open: z.boolean(),
  /** null while the session has not ended (the window closes a set time after the end). */
  closesAt: z.nullable(z.string()),
  hours: z.int(),
});
export type RatingWindow = z.infer<typeof RatingWindow>;

export const MyRatingsInput = z.strictObject({ sessionId: Id });
export type MyRatingsInput = z.infer<typeof MyRatingsInput>;

export const MyRatings = z.object({ sessionId: Id, window: RatingWindow, ratings: z.array(Rated) });
export type MyRatings = z.infer<typeof MyRatings>;

/** A forum's review window: how long after a session ends its items can still be rated. */
export const ReviewWindowInput = z.strictObject({ hours: z.int().check(z.gte(0), z.lte(2160)) });
export type ReviewWindowInput = z.infer<typeof ReviewWindowInput>;

export const RATINGS_CLIENT_EVENTS = {
  'ratings:rate': { doc: 'Rate an open recommendation (rate-limited; stored before the ack; rating again changes it).', input: RateInput, ack: Rated },
  'ratings:mine': { doc: 'The caller\'s ratings in a session and whether rating is open.', input: MyRatingsInput, ack: MyRatings },
} satisfies ClientCatalog;
export type RatingsClientEvents = ClientEventsOf<typeof RATINGS_CLIENT_EVENTS>;

/** The ratings' HTTP routes (see common/http-route.ts). */
export const RATINGS_ROUTES = {
  rate: { method: 'put', path: '/recommendations/:recommendationId/rating', params: z.object({ recommendationId: Id }), body: z.strictObject({ value: RatingValue }), response: Rated },
  mine: { method: 'get', path: '/sessions/:sessionId/ratings/mine', params: SessionPath, response: MyRatings },
  reviewWindow: { method: 'get', path: '/forums/:forumId/review-window', params: ForumPath, response: ReviewWindowInput },
  setReviewWindow: { method: 'put', path: '/forums/:forumId/review-window', params: ForumPath, body: ReviewWindowInput, response: ReviewWindowInput },
} as const satisfies Record<string, HttpRoute>;
