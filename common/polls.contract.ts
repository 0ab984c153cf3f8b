/**
 * Contract for live polls: moderators (and organizers, beforehand) prepare polls for a
 * session, open and close them live; everyone in the room votes once per identity.
 *
 * Viewer flow: `session:join`, then `poll:list` (the polls the caller may see, with results
 * when visible and the caller's own choices), then follow the `polls` part of `live:frame`:
 * - `polls` carries a poll's definition and state whenever it changes (opened, closed,
 *   edited); keep the one with the highest `version` per poll.
 * - `results` carries absolute counts, coalesced to at most one reading per poll every
 *   POLL_RESULTS_INTERVAL_MS (never more than 10 a second); keep the highest `seq` per poll.
 *   While a poll hides its results, viewers get only the number of voters (`counts: null`)
 *   and the session's moderators get the counts as well, with the same `seq`: at equal `seq`
 *   a reading with counts replaces one without.
 * - `removed` lists draft polls that were deleted (moderators only ever saw them).
 *
 * Drafts are seen by moderators only. Every vote is stored in PostgreSQL before its ack.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf } from './catalog';
import { Id, Lang, LocalizedText } from './base';
import { SessionRef } from './sessions.contract';
import { SessionPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

export const POLL_KINDS = ['single', 'multiple', 'scale'] as const;
/** One answer among options, any number of options, or a rating from 1 to 5. */
export const PollKind = z.enum(POLL_KINDS);
export type PollKind = z.infer<typeof PollKind>;

export const POLL_STATES = ['draft', 'open', 'closed'] as const;
export const PollState = z.enum(POLL_STATES);
export type PollState = z.infer<typeof PollState>;

/** A scale poll's options are its points 1 … SCALE_POINTS. */
export const SCALE_POINTS = 5;
export const MAX_OPTIONS = 10;

/** Text per language as stored and sent back (the input side requires at least one language). */
export const TextView = z.object({ kk: z.optional(z.string()), ru: z.optional(z.string()), en: z.optional(z.string()) });
export type TextView = z.infer<typeof TextView>;

const PollDraft = z.strictObject({
  kind: PollKind,
  question: LocalizedText(300),
  /** Choice polls: 2 to 10 options. Scale polls take none (their options are 1 … 5). */
  options: z._default(z.array(LocalizedText(120)).check(z.maxLength(MAX_OPTIONS)), []),
  /** Viewers see the results only once the poll is closed; moderators always. */
  hideResults: z._default(z.boolean(), false),
});
const optionsFitKind = (p: { kind: PollKind; options: unknown[] }) => (p.kind === 'scale' ? p.options.length === 0 : p.options.length >= 2);
const OPTIONS_MESSAGE = { message: 'a choice poll needs 2 to 10 options; a scale poll takes none', path: ['options'] };

export const CreatePollInput = z.extend(PollDraft, { sessionId: Id }).check(z.refine(optionsFitKind, OPTIONS_MESSAGE));
export type CreatePollInput = z.infer<typeof CreatePollInput>;

/** Replaces a draft's content (kind, question, options, hideResults). */
export const UpdatePollInput = z.extend(PollDraft, { pollId: Id }).check(z.refine(optionsFitKind, OPTIONS_MESSAGE));
export type UpdatePollInput = z.infer<typeof UpdatePollInput>;
/** The HTTP body: the poll is in the path. */
export const UpdatePollBody = PollDraft.check(z.refine(optionsFitKind, OPTIONS_MESSAGE));

export const PollRef = z.strictObject({ pollId: Id });
export type PollRef = z.infer<typeof PollRef>;

/** Option indexes (0-based; a scale's point p is index p − 1). Single and scale: exactly one. */
export const VoteInput = z.strictObject({
  pollId: Id,
  choices: z.array(z.int().check(z.gte(0), z.lte(MAX_OPTIONS - 1))).check(z.minLength(1), z.maxLength(MAX_OPTIONS)),
});
export type VoteInput = z.infer<typeof VoteInput>;

export const PollOption = z.object({
  /** Index of the option: what a vote names. */
  index: z.int().check(z.gte(0)),
  /** null for a scale's points (their label is the number index + 1). */
  text: z.nullable(TextView),
});
export type PollOption = z.infer<typeof PollOption>;

/** A poll's definition and state, without results. */
export const PollDefinition = z.object({
  id: Id,
  sessionId: Id,
  /** 1, 2, 3, … in the order polls were created in the session. */
  number: z.int().check(z.gte(1)),
  kind: PollKind,
  question: TextView,
  options: z.array(PollOption),
  hideResults: z.boolean(),
  state: PollState,
  openedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  /** Grows with every change of the definition or state. */
  version: z.int().check(z.gte(1)),
});
export type PollDefinition = z.infer<typeof PollDefinition>;

/** Absolute results of one poll; `counts[i]` is the number of voters who chose option i. */
export const PollResults = z.object({
  pollId: Id,
  /** Orders readings of one poll (cluster-wide); 0 for a reading made outside the live flow (a snapshot). */
  seq: z.int().check(z.gte(0)),
  voters: z.int().check(z.gte(0)),
  /** null while the results are hidden from the caller. */
  counts: z.nullable(z.array(z.int().check(z.gte(0)))),
});
export type PollResults = z.infer<typeof PollResults>;

/** A poll as `poll:list` returns it: definition, results as the caller may see them, the caller's choices. */
export const PollView = z.extend(PollDefinition, { results: PollResults, myChoices: z.nullable(z.array(z.int().check(z.gte(0)))) });
export type PollView = z.infer<typeof PollView>;

export const PollsSnapshot = z.object({ sessionId: Id, polls: z.array(PollView) });
export type PollsSnapshot = z.infer<typeof PollsSnapshot>;

export const VoteResult = z.object({
  pollId: Id,
  choices: z.array(z.int().check(z.gte(0))),
  /** false when the same choices were already stored (a repeat changes nothing). */
  changed: z.boolean(),
});
export type VoteResult = z.infer<typeof VoteResult>;

/** The polls part of a session's live frame (see the file comment for how to apply it). */
export const PollsFramePart = z.object({
  polls: z.optional(z.array(PollDefinition)),
  results: z.optional(z.array(PollResults)),
  removed: z.optional(z.array(Id)),
});
export type PollsFramePart = z.infer<typeof PollsFramePart>;

/** Ack of `poll:delete`. */
export const PollDeleted = z.object({ pollId: Id });

export const POLL_CLIENT_EVENTS = {
  'poll:list': { doc: 'The polls the caller may see (drafts: moderators only), with results when visible. Errors: not_found.', input: SessionRef, ack: PollsSnapshot },
  'poll:create': { doc: 'Moderators of the session (organizers too) prepare a draft; not after the session ended.', input: CreatePollInput, ack: PollDefinition },
  'poll:update': { doc: 'Moderators: replace a draft\'s content. Errors: invalid_state (not a draft).', input: UpdatePollInput, ack: PollDefinition },
  'poll:delete': { doc: 'Moderators: delete a draft.', input: PollRef, ack: PollDeleted },
  'poll:open': { doc: 'Moderators: open a draft (or reopen a closed poll) while the session is live.', input: PollRef, ack: PollDefinition },
  'poll:close': { doc: 'Moderators: close an open poll; hidden results become visible to everyone.', input: PollRef, ack: PollDefinition },
  'poll:vote': {
    doc: 'Vote, or change one\'s vote, while the poll is open; one vote per identity, stored before the ack; repeating the same choices is a no-op. Errors: invalid_input (choices do not fit the poll), not_found, invalid_state (not open), rate_limited (details.retryAfterMs).',
    input: VoteInput,
    ack: VoteResult,
  },
} satisfies ClientCatalog;
export type PollClientEvents = ClientEventsOf<typeof POLL_CLIENT_EVENTS>;

// ---- in the compiled documents ----

/** A poll as a session's frozen compile input holds it: every poll that was opened, with its final counts. */
export const InputPoll = z.extend(z.pick(PollDefinition, { id: true, number: true, kind: true, question: true, options: true, hideResults: true, state: true, openedAt: true, closedAt: true }), {
  voters: z.int().check(z.gte(0)),
  counts: z.array(z.int().check(z.gte(0))),
});
export type InputPoll = z.infer<typeof InputPoll>;

/** A poll's results in a compilation, in the document's language where the poll has it. */
export const CompiledPoll = z.object({
  number: z.int().check(z.gte(1)),
  id: Id,
  sessionId: Id,
  kind: PollKind,
  question: z.string(),
  /** The language `question` is in. */
  lang: Lang,
  options: z.array(
    z.object({
      /** The option's text, or the scale point ("1" … "5"). */
      label: z.string(),
      /** null for a scale point. */
      lang: z.nullable(Lang),
      votes: z.int().check(z.gte(0)),
      /** votes / voters (0–1; for a multiple-choice poll the shares add up to more than 1); null without voters. */
      share: z.nullable(z.number().check(z.gte(0), z.lte(1))),
    }),
  ),
  voters: z.int().check(z.gte(0)),
  /** Scale polls: the mean point (1–5); null otherwise or without voters. */
  average: z.nullable(z.number()),
  openedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
});
export type CompiledPoll = z.infer<typeof CompiledPoll>;

/** The polls' HTTP routes (see common/http-route.ts). */
export const POLLS_ROUTES = {
  list: { method: 'get', path: '/sessions/:sessionId/polls', params: SessionPath, response: PollsSnapshot },
  csv: { method: 'get', path: '/sessions/:sessionId/polls.csv', params: SessionPath },
  create: { method: 'post', path: '/polls', body: CreatePollInput, response: PollDefinition },
  update: { method: 'put', path: '/polls/:pollId', params: PollRef, body: UpdatePollBody, response: PollDefinition },
  remove: { method: 'delete', path: '/polls/:pollId', params: PollRef },
  open: { method: 'post', path: '/polls/:pollId/open', params: PollRef, response: PollDefinition },
  close: { method: 'post', path: '/polls/:pollId/close', params: PollRef, response: PollDefinition },
} as const satisfies Record<string, HttpRoute>;
