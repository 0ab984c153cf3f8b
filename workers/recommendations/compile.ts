/**
 * From a frozen input to the compilation model: group near-duplicates, keep every
 * source, rank by support. Pure and deterministic: the same input gives the same
 * model, so the Markdown, CSV and JSON made from it are byte-identical.
 */
import type { Lang } from '../../common/base';
import type { ForumCompileInput, SessionCompileInput, TrackerSeed } from '../../common/jobs';
import type { Compilation, CompiledOrganization, CompiledRecommendation, CompiledSession, CompiledSource, Figures, ItemConsensus, Participation, Support } from '../../common/compilation.contract';
import { compiledOrganizations, countOrganizations, joinConsensus, orderedIds, sessionOpinion } from './compile-consensus';
import { compilePolls } from './compile-polls';
import { clusterTexts } from './similarity';

export const TOP_QUESTIONS = 10;

/** The text in the wanted language, else in the forum's languages in order, else any. */
export function localized(t: Record<string, string>, lang: Lang, fallbacks: readonly Lang[]): string {
  for (const l of [lang, ...fallbacks]) if (t[l]) return t[l];
  return Object.values(t).find(Boolean) ?? '';
}

/** Ascending by a list of keys; used everywhere so ties break the same way every run. */
const byKeys =
  <T>(...keys: ((x: T) => number | string)[]) =>
  (a: T, b: T): number => {
    for (const k of keys) {
      const x = k(a);
      const y = k(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };

/** What the grouping works on: one recommendation (session) or one session's group (forum). */
interface Unit {
  text: string;
  lang: Lang;
  addressee: string | null;
  support: Support;
  sources: CompiledSource[];
  /** Items merged away by a moderator never speak for their group. */
  canRepresent: boolean;
  organizations: string[];
  consensus: ItemConsensus | null;
}

const addSupport = (a: Support, b: Support): Support => ({
  total: a.total + b.total,
  endorsements: a.endorsements + b.endorsements,
  questionVotes: a.questionVotes + b.questionVotes,
});

const addresseeKey = (a: string) => a.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The addressee most sources name (case and spacing aside); ties go to the representative's, then alphabetically. */
function chooseAddressee(sources: readonly CompiledSource[], preferred: string | null): string | null {
  const tally = new Map<string, { count: number; display: string }>();
  for (const s of sources) {
    if (!s.addressee) continue;
    const k = addresseeKey(s.addressee);
    const t = tally.get(k);
    if (t) t.count++;
    else tally.set(k, { count: 1, display: s.addressee });
  }
  if (!tally.size) return null;
  const best = Math.max(...[...tally.values()].map((t) => t.count));
  const tied = [...tally.entries()].filter(([, t]) => t.count === best);
  const pref = preferred ? tied.find(([k]) => k === addresseeKey(preferred)) : undefined;
  return (pref ?? tied.sort(byKeys(([k]) => k))[0]!)[1].display;
}

const earliest = byKeys<CompiledSource>(
  (s) => s.createdAt,
  (s) => s.id,
);
const firstCache = new WeakMap<readonly CompiledSource[], CompiledSource>();
/** The earliest submitted of some sources (memoized: ranking asks for it in every comparison). */
function firstOf(sources: readonly CompiledSource[]): CompiledSource {
  let f = firstCache.get(sources);
  if (!f) {
    f = sources.reduce((a, b) => (earliest(a, b) <= 0 ? a : b));
    firstCache.set(sources, f);
  }
  return f;
}

/** Joins units into one recommendation (unnumbered): the best-supported unit speaks for it; every source is kept. */
function joinUnits(units: readonly Unit[]): Omit<CompiledRecommendation, 'number'> {
  const candidates = units.some((u) => u.canRepresent) ? units.filter((u) => u.canRepresent) : units;
  const rep = [...candidates].sort(
    byKeys(
      (u) => -u.support.total,
      (u) => firstOf(u.sources).createdAt,
      (u) => firstOf(u.sources).id,
    ),
  )[0]!;
  const sources = units
    .flatMap((u) => u.sources)
    .sort(
      byKeys(
        (s) => -(s.endorsements + s.questionVotes),
        (s) => s.createdAt,
        (s) => s.id,
      ),
    );
  const support = units.reduce((acc, u) => addSupport(acc, u.support), { total: 0, endorsements: 0, questionVotes: 0 });
  return {
    key: firstOf(sources).id,
    text: rep.text,
    lang: rep.lang,
    addressee: chooseAddressee(sources, rep.addressee),
    support,
    sources,
    organizations: [...new Set(units.flatMap((u) => u.organizations))],
    consensus: joinConsensus(units.map((u) => u.consensus)),
  };
}

/** Groups units by text similarity (plus forced pairs) and returns the joined groups, unordered. */
function group(units: readonly Unit[], threshold: number, forced: [number, number][] = []): Omit<CompiledRecommendation, 'number'>[] {
  // Leaders are picked best-supported first, so a group forms around its strongest wording.
  const order = units
    .map((_, i) => i)
    .sort(
      byKeys(
        (i) => (units[i]!.canRepresent ? 0 : 1),
        (i) => -units[i]!.support.total,
        (i) => firstOf(units[i]!.sources).createdAt,
        (i) => firstOf(units[i]!.sources).id,
      ),
    );
  const roots = clusterTexts(
    units.map((u) => u.text),
    threshold,
    { order, forced },
  );
  const members = new Map<number, Unit[]>();
  roots.forEach((r, i) => {
    const list = members.get(r);
    if (list) list.push(units[i]!);
    else members.set(r, [units[i]!]);
  });
  return [...members.values()].map(joinUnits);
}

const byRank = byKeys<Omit<CompiledRecommendation, 'number'>>(
  (g) => -g.support.total,
  (g) => -g.sources.length,
  (g) => firstOf(g.sources).createdAt,
  (g) => g.key,
);

const number = (groups: Omit<CompiledRecommendation, 'number'>[]): CompiledRecommendation[] =>
  groups.map((g, i) => ({ number: i + 1, ...g }));

/** Timings a caller may ask for (the benchmark); they never change the output. */
export interface CompileStats {
  consensusSeconds?: number;
  /** CPU time of the step (process-wide: meaningful in a single-threaded run such as the benchmark's). */
  consensusCpuSeconds?: number;
}

export function compileSession(input: SessionCompileInput, stats?: CompileStats): Compilation {
  const lang = input.forum.languages[0]!;
  const l10n = (t: Record<string, string>) => localized(t, lang, input.forum.languages);
  const questions = new Map(input.questions.map((q) => [q.id, q]));
  const recs = [...input.recommendations].sort(
    byKeys(
      (r) => r.createdAt,
      (r) => r.id,
    ),
  );
  const at = new Map(recs.map((r, i) => [r.id, i]));
  const units: Unit[] = recs.map((r) => {
    const q = r.sourceQuestionId ? questions.get(r.sourceQuestionId) : undefined;
    const questionVotes = q?.votes ?? 0;
    const source: CompiledSource = {
      id: r.id,
      sessionId: input.session.id,
      text: r.text,
      lang: r.lang,
      addressee: r.addressee,
      origin: r.origin,
      authorName: r.authorName ?? q?.authorName ?? null,
      endorsements: r.endorsements,
      questionId: r.sourceQuestionId,
      questionVotes,
      answer: r.answer,
      createdAt: r.createdAt,
      organizationId: r.organizationId ?? null,
    };
    return {
      text: r.text,
      lang: r.lang,
      addressee: r.addressee,
      support: { total: r.endorsements + questionVotes, endorsements: r.endorsements, questionVotes },
      sources: [source],
      canRepresent: r.state === 'open',
      organizations: [...(r.organizationId ? [r.organizationId] : []), ...(r.endorsingOrganizationIds ?? [])],
      consensus: null,
    };
  });
  const forced: [number, number][] = [];
  for (const [i, r] of recs.entries()) {
    const target = r.mergedInto === null ? undefined : at.get(r.mergedInto);
    if (target !== undefined) forced.push([i, target]);
  }
  const groups = group(units, input.similarityThreshold, forced).sort(byRank);
  const organizations = compiledOrganizations(input.organizations ?? [], lang, input.forum.languages);
  const orgOrder = new Map(organizations.map((o, i) => [o.id, i]));
  const consensusStarted = performance.now();
  const consensusCpu = stats && process.cpuUsage();
  const groupOfId = new Map(groups.flatMap((g, i) => g.sources.map((src) => [src.id, i] as const)));
  const opinion = sessionOpinion(
    input.ratings,
    input.recommendations.map((r) => groupOfId.get(r.id) ?? -1),
    groups.length,
  );
  if (stats) {
    const cpu = process.cpuUsage(consensusCpu);
    stats.consensusSeconds = (performance.now() - consensusStarted) / 1000;
    stats.consensusCpuSeconds = (cpu.user + cpu.system) / 1e6;
  }
  const recommendations = number(groups).map((r, i) => ({
    ...r,
    organizations: orderedIds([...r.organizations, ...opinion.agreeingOrganizations[i]!], orgOrder),
    consensus: opinion.consensus[i]!,
  }));

  const topQuestions = input.questions
    .filter((q) => q.status === 'answered')
    .sort(
      byKeys(
        (q) => -q.votes,
        (q) => q.answeredAt ?? q.createdAt,
        (q) => q.id,
      ),
    )
    .slice(0, TOP_QUESTIONS)
    .map((q, i) => ({ rank: i + 1, id: q.id, sessionId: input.session.id, text: q.text, lang: q.lang, votes: q.votes, authorName: q.authorName, organizationId: q.organizationId ?? null }));

  const s = input.session;
  const session: CompiledSession = {
    id: s.id,
    title: l10n(s.title),
    platform: l10n(s.platform),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    speakers: s.speakers,
    moderators: s.moderators,
    interpreted: s.interpreted,
    captioned: s.captioned,
    floor: s.floor,
    revision: null,
  };
  const figures: Figures = {
    viewersPeak: input.attendance.peak,
    viewersTotal: input.attendance.uniqueViewers,
    questionsAsked: input.questionCounts.asked,
    questionsApproved: input.questionCounts.approved,
    questionsAnswered: input.questionCounts.answered,
    recommendationsSubmitted: recs.length,
    recommendationsGrouped: groups.length,
  };
  const participation: Participation = {
    ...countOrganizations(organizations),
    speakers: s.speakers.length,
    platforms: 1,
    sessions: 1,
    viewersPeak: figures.viewersPeak,
    viewersTotal: figures.viewersTotal,
    raters: opinion.raters,
  };
  return {
    format: 'birge.compilation',
    version: 1,
    scope: 'session',
    revision: input.revision,
    inputHash: input.inputHash,
    language: lang,
    similarityThreshold: input.similarityThreshold,
    forum: { id: input.forum.id, slug: input.forum.slug, title: l10n(input.forum.title), timeZone: input.forum.timeZone },
    sessions: [session],
    figures,
    recommendations,
    topQuestions,
    organizations,
    participation,
    opinionGroups: opinion.map,
    polls: compilePolls(input.polls, input.session.id, lang, input.forum.languages),
    ordering: 'support',
  };
}

/**
 * Merges the sessions' compilations into one set: near-duplicates across sessions join,
 * then items are grouped by addressee (alphabetically, unaddressed last) and numbered
 * through, best-supported first within each addressee.
 */
export function compileForum(input: ForumCompileInput): Compilation {
  const lang = input.forum.languages[0]!;
  const units: Unit[] = input.sessions.flatMap((c) =>
    c.recommendations.map((r) => ({
      text: r.text,
      lang: r.lang,
      addressee: r.addressee,
      support: r.support,
      sources: r.sources,
      canRepresent: true,
      organizations: r.organizations,
      consensus: r.consensus,
    })),
  );
  const collator = new Intl.Collator(lang);
  const ordering = input.ordering ?? 'addressee';
  const seen = new Map<string, CompiledOrganization>();
  for (const o of input.sessions.flatMap((c) => c.organizations)) if (!seen.has(o.id)) seen.set(o.id, o);
  const organizations = [...seen.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const orgOrder = new Map(organizations.map((o, i) => [o.id, i]));
  const groups = group(units, input.similarityThreshold).sort((a, b) => {
    if (ordering === 'consensus') return (b.consensus?.score ?? -1) - (a.consensus?.score ?? -1) || byRank(a, b);
    if (a.addressee !== b.addressee) {
      if (a.addressee === null) return 1;
      if (b.addressee === null) return -1;
      const c = collator.compare(a.addressee, b.addressee);
      if (c !== 0) return c;
    }
    return byRank(a, b);
  });
  const sum = (f: (x: Figures) => number) => input.sessions.reduce((acc, c) => acc + f(c.figures), 0);
  const figures: Figures = {
    viewersPeak: Math.max(0, ...input.sessions.map((c) => c.figures.viewersPeak)),
    viewersTotal: sum((f) => f.viewersTotal),
    questionsAsked: sum((f) => f.questionsAsked),
    questionsApproved: sum((f) => f.questionsApproved),
    questionsAnswered: sum((f) => f.questionsAnswered),
    recommendationsSubmitted: sum((f) => f.recommendationsSubmitted),
    recommendationsGrouped: groups.length,
  };
  const topQuestions = input.sessions
    .flatMap((c) => c.topQuestions)
    .sort(
      byKeys(
        (q) => -q.votes,
        (q) => q.sessionId,
        (q) => q.rank,
      ),
    )
    .slice(0, TOP_QUESTIONS)
    .map((q, i) => ({ ...q, rank: i + 1 }));
  const participation: Participation = {
    ...countOrganizations(organizations),
    speakers: new Set(input.sessions.flatMap((c) => c.sessions[0]?.speakers ?? [])).size,
    platforms: new Set(input.sessions.map((c) => c.sessions[0]?.platform ?? '')).size,
    sessions: input.sessions.length,
    viewersPeak: figures.viewersPeak,
    viewersTotal: figures.viewersTotal,
    raters: input.sessions.reduce((n, c) => n + (c.participation?.raters ?? 0), 0),
  };
  return {
    format: 'birge.compilation',
    version: 1,
    scope: 'forum',
    revision: input.revision,
    inputHash: input.inputHash,
    language: lang,
    similarityThreshold: input.similarityThreshold,
    forum: { id: input.forum.id, slug: input.forum.slug, title: localized(input.forum.title, lang, input.forum.languages), timeZone: input.forum.timeZone },
    sessions: input.sessions.map((c) => ({ ...c.sessions[0]!, revision: c.revision })),
    figures,
    recommendations: number(groups).map((r) => ({ ...r, organizations: orderedIds(r.organizations, orgOrder) })),
    topQuestions,
    organizations,
    participation,
    opinionGroups: null,
    polls: [],
    ordering,
  };
}

/** The items of a forum-wide set as the tracker follows them. */
export function trackerSeeds(c: Compilation): TrackerSeed[] {
  return c.recommendations.map((r) => ({
    key: r.key,
    number: r.number,
    text: r.text,
    lang: r.lang,
    addressee: r.addressee,
    support: r.support.total,
    sessionIds: [...new Set(r.sources.map((s) => s.sessionId))].sort(),
  }));
}
