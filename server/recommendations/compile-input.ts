/**
 * Freezes what a compilation is made from. The API process (which owns the database)
 * gathers the facts from the agenda, Q&A, attendance and recommendations into one JSON
 * document stored with the revision; workers render from that document alone, so a
 * retry, another worker or a re-run months later produce the same text.
 */
import { createHash } from 'node:crypto';
import type { ForumView, SessionView } from '../../common/agenda.contract';
import type { Lang } from '../../common/base';
import type { FloorRequestView } from '../../common/floor.contract';
import type { InputRatings, InputRecommendation, SessionCompileInput } from '../../common/jobs';
import type { OrgRef } from '../../common/organizations.contract';
import type { ForumOrdering } from '../../common/recs.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Db } from '../../platform/db';
import type { RolesService } from '../people/roles.service';
import type { PollsService } from '../polls/polls.service';
import type { QaService } from '../qa/qa.service';
import type { OrganizationsService } from '../organizations/organizations.service';
import type { SessionsService } from '../sessions/sessions.service';
import { ratingsForCompile } from './ratings.repo';
import { forCompile, peopleOf } from './recs.repo';

type SessionContent = Omit<SessionCompileInput, 'kind' | 'revision' | 'inputHash'>;

/**
 * An input ready to store: its hash (over everything but the revision number) and its
 * text for a given revision. The JSON is made once; big inputs are never re-serialized.
 */
export interface Frozen {
  hash: string;
  text(revision: number): string;
}

function freeze(kind: 'session' | 'forum', body: string): Frozen {
  const hash = createHash('sha256').update(kind).update(body).digest('hex');
  // body is a JSON object; the input is the same object with kind, revision and hash in front.
  return { hash, text: (revision) => `{"kind":"${kind}","revision":${revision},"inputHash":"${hash}",${body.slice(1)}` };
}

export interface InputSources {
  db: Db;
  agenda: AgendaService;
  qa: Pick<QaService, 'exportForCompile'>;
  sessions: Pick<SessionsService, 'attendance'>;
  roles: RolesService;
  organizations: Pick<OrganizationsService, 'affiliations'>;
  /** The languages a session was interpreted into and captioned in. */
  languages: { interpreted(sessionIds: readonly string[]): Promise<Lang[]>; captioned(sessionIds: readonly string[]): Promise<Lang[]> };
  /** The turns citizens took on stage. */
  floor: { turns(sessionIds: readonly string[]): Promise<FloorRequestView[]> };
  polls: Pick<PollsService, 'exportForCompile'>;
  similarityThreshold: number;
}

const iso = (d: string | Date) => new Date(d).toISOString();
// Building a big input takes several slices of work; yielding between them keeps the API responsive.
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The questions a compilation uses: answered ones (the most supported are listed) and
 * those recommendations came from (their votes count as support). The rest would only
 * make every stored revision larger; the session's question counts come separately.
 */
export function questionsForCompile<Q extends { id: string; status: string }>(questions: readonly Q[], recommendations: readonly { sourceQuestionId: string | null }[]): Q[] {
  const sources = new Set(recommendations.flatMap((r) => (r.sourceQuestionId ? [r.sourceQuestionId] : [])));
  return questions.filter((q) => q.status === 'answered' || sources.has(q.id));
}

function forumFacts(f: ForumView): SessionCompileInput['forum'] {
  return { id: f.id, slug: f.slug, title: f.title, languages: f.languages, timeZone: f.timeZone };
}

export async function sessionInput(src: InputSources, s: SessionView): Promise<Frozen> {
  const agenda = await src.agenda.agenda(s.forumId);
  const platform = agenda.platforms.find((p) => p.id === s.platformId);
  const lang = agenda.forum.languages[0]!;
  const plain = await forCompile(src.db, s.id);
  const [qa, attendance, moderators, people, ratingRows, interpreted, captioned, turns, polls] = await Promise.all([
    // Only the questions the compilation uses (see questionsForCompile), chosen by the database.
    src.qa.exportForCompile(s.id, plain.flatMap((r) => (r.sourceQuestionId ? [r.sourceQuestionId] : []))),
    src.sessions.attendance(s.id),
    src.roles.holders({ forumId: s.forumId, sessionId: s.id }, 'moderator'),
    peopleOf(src.db, s.id),
    ratingsForCompile(src.db, s.id),
    src.languages.interpreted([s.id]),
    src.languages.captioned([s.id]),
    src.floor.turns([s.id]),
    src.polls.exportForCompile(s.id),
  ]);
  await yieldToLoop();
  const affiliated = await src.organizations.affiliations(s.forumId, [
    ...people.authors.values(),
    ...people.endorsements.map((e) => e.endorser_id),
    ...ratingRows.map((r) => r.rater_id),
    ...qa.questions.flatMap((q) => (q.authorId ? [q.authorId] : [])),
  ]);
  const orgOf = (personId: string | null | undefined) => (personId ? affiliated.get(personId) : undefined);
  const involved = new Map<string, OrgRef>();
  const note = (o: OrgRef | undefined) => (o && involved.set(o.id, o), o?.id ?? null);
  // An item made from a question is the asker's (a moderator only promoted it).
  const askers = new Map(qa.questions.map((q) => [q.id, q.authorId]));
  const authorOf = (r: InputRecommendation) => (r.sourceQuestionId ? askers.get(r.sourceQuestionId) : people.authors.get(r.id));
  const recommendations = withOrganizations(plain, people.endorsements, authorOf, orgOf, note);
  const ratings = ratingsOf(ratingRows, recommendations, orgOf, note);
  await yieldToLoop();
  const questions = questionsForCompile(qa.questions, recommendations).map((q) => ({
    id: q.id,
    text: q.text,
    lang: q.lang,
    authorName: q.authorName,
    votes: q.votes,
    status: q.status,
    createdAt: iso(q.createdAt),
    answeredAt: q.answeredAt === null ? null : iso(q.answeredAt),
    organizationId: note(orgOf(q.authorId)),
  }));
  await yieldToLoop();
  const content: SessionContent = {
    similarityThreshold: src.similarityThreshold,
    forum: forumFacts(agenda.forum),
    session: {
      id: s.id,
      title: s.title,
      platform: platform?.title ?? {},
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      speakers: s.speakers.map((sp) => {
        const aff = sp.affiliation && (sp.affiliation[lang] ?? sp.affiliation.ru ?? sp.affiliation.kk ?? sp.affiliation.en);
        return aff ? `${sp.name} (${aff})` : sp.name;
      }),
      moderators: moderators.map((m) => m.displayName),
      interpreted,
      captioned,
      // The organization confirmed when they asked (kept with the request), else the one they named.
      floor: turns.map((t) => ({
        speaker: t.person.displayName,
        topic: t.topic,
        organization: t.organization,
        organizationId: note(t.org ?? undefined),
        startedAt: t.startedAt!,
        seconds: t.seconds,
      })),
    },
    attendance: { peak: attendance.peak, uniqueViewers: attendance.uniqueViewers },
    questionCounts: qa.counts,
    questions,
    recommendations,
    organizations: [...involved.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    ratings,
    polls,
  };
  return freeze('session', JSON.stringify(content));
}

type OrgOf = (personId: string | null | undefined) => OrgRef | undefined;

/**
 * Each item's author organization and endorsing organizations. Endorsements count each
 * organization once however many of its representatives endorsed (the "counts once" rule).
 */
function withOrganizations(
  recs: InputRecommendation[],
  endorsements: { recommendation_id: string; endorser_id: string }[],
  authorOf: (r: InputRecommendation) => string | null | undefined,
  orgOf: OrgOf,
  note: (o: OrgRef | undefined) => string | null,
): InputRecommendation[] {
  const endorsers = new Map<string, string[]>();
  for (const e of endorsements) {
    const list = endorsers.get(e.recommendation_id);
    if (list) list.push(e.endorser_id);
    else endorsers.set(e.recommendation_id, [e.endorser_id]);
  }
  return recs.map((r) => {
    const by = endorsers.get(r.id) ?? [];
    const orgs = new Set<string>();
    let individuals = 0;
    for (const id of by) {
      const o = note(orgOf(id));
      if (o) orgs.add(o);
      else individuals++;
    }
    const organizationId = note(orgOf(authorOf(r)));
    if (!organizationId && !orgs.size) return r;
    return { ...r, endorsements: individuals + orgs.size, organizationId, endorsingOrganizationIds: [...orgs].sort() };
  });
}

/** The ratings as compact per-rater runs (see InputRatings); raters' identities are left out. */
function ratingsOf(rows: { recommendation_id: string; rater_id: string; value: string }[], recs: readonly InputRecommendation[], orgOf: OrgOf, note: (o: OrgRef | undefined) => string | null): InputRatings {
  const index = new Map(recs.map((r, i) => [r.id, i]));
  const raters: InputRatings['raters'] = [];
  let current: string | undefined;
  let votes = '';
  const flush = () => {
    if (current !== undefined && votes) raters.push({ organizationId: note(orgOf(current)), votes });
  };
  // Rows come ordered by rater, so each rater's run is built in one pass.
  for (const r of rows) {
    if (r.rater_id !== current) {
      flush();
      current = r.rater_id;
      votes = '';
    }
    const i = index.get(r.recommendation_id);
    if (i !== undefined) votes += `${i}${r.value[0]}`;
  }
  flush();
  return { raters };
}

/**
 * The forum-wide input embeds each session's compilation as stored (its JSON artifact,
 * verbatim): the API never parses them, the worker validates them.
 */
export function forumInput(src: InputSources, forum: ForumView, sessionJson: string[], ordering: ForumOrdering = 'addressee'): Frozen {
  const head = JSON.stringify({ similarityThreshold: src.similarityThreshold, forum: forumFacts(forum), ordering });
  return freeze('forum', `${head.slice(0, -1)},"sessions":[${sessionJson.map((j) => j.trim()).join(',')}]}`);
}
