/**
 * The printable view of a compilation, shared by the Markdown, PDF and DOCX renderers
 * so the three say the same thing in the same order. Dates come from the input (the
 * session's own times), never from the clock, to keep output reproducible.
 */
import type { Lang } from '../../../common/base';
import type { Compilation, CompiledSession } from '../../../common/compilation.contract';
import { LABELS, type Labels } from '../../../workers/recommendations/labels';

export interface DocItem {
  number: number;
  text: string;
  lang: Lang;
  addressee: string | null;
  support: string;
  /** Short ids of the grouped items, in the group's order. */
  sources: string[];
  /** Answers given to the questions the item came from. */
  answers: string[];
}

export interface DocSection {
  /** The addressee heading (forum-wide set), or null for one flat list. */
  heading: string | null;
  items: DocItem[];
}

export interface AnnexRow {
  id: string;
  group: number;
  lang: Lang;
  origin: string;
  endorsements: number;
  questionVotes: number;
  text: string;
}

export interface DocModel {
  labels: Labels;
  lang: Lang;
  title: string;
  subtitle: string;
  facts: [string, string][];
  figures: [string, string][];
  sections: DocSection[];
  topQuestions: { rank: number; text: string; lang: Lang; votes: string }[];
  annex: AnnexRow[];
  /** Revision and input checksum, for the footer of every format. */
  colophon: string;
  /** When the session(s) ended, for document metadata. */
  date: Date;
}

export const shortId = (id: string) => id.slice(0, 8);

function dateRange(sessions: readonly CompiledSession[], lang: Lang, timeZone: string): string {
  if (!sessions.length) return '';
  const from = sessions.map((s) => s.startedAt ?? s.startsAt).sort()[0]!;
  const to = sessions.map((s) => s.endedAt ?? s.endsAt).sort().at(-1)!;
  const day = new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'long' });
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const a = new Date(from);
  const b = new Date(to);
  return day.format(a) === day.format(b)
    ? `${day.format(a)}, ${time.format(a)}–${time.format(b)}`
    : `${day.format(a)} – ${day.format(b)}`;
}

const unique = (xs: string[]) => [...new Set(xs)];

export function documentModel(c: Compilation): DocModel {
  const lang = c.language;
  const L = LABELS[lang];
  const num = new Intl.NumberFormat(lang);
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');
  const session = c.scope === 'session' ? c.sessions[0] : undefined;

  const facts: [string, string][] = session
    ? [
        [L.forum, c.forum.title],
        [L.session, session.title],
        [L.platform, session.platform],
        [L.date, dateRange([session], lang, c.forum.timeZone)],
        [L.speakers, list(session.speakers)],
        [L.moderators, list(session.moderators)],
        [L.viewersPeak, num.format(c.figures.viewersPeak)],
        [L.viewersTotal, num.format(c.figures.viewersTotal)],
      ]
    : [
        [L.forum, c.forum.title],
        [L.sessions, num.format(c.sessions.length)],
        [L.platform, list(unique(c.sessions.map((s) => s.platform)))],
        [L.date, dateRange(c.sessions, lang, c.forum.timeZone)],
        [L.speakers, list(unique(c.sessions.flatMap((s) => s.speakers)))],
        [L.moderators, list(unique(c.sessions.flatMap((s) => s.moderators)))],
        [L.viewersPeak, num.format(c.figures.viewersPeak)],
        [L.viewersTotal, num.format(c.figures.viewersTotal)],
      ];
  const f = c.figures;
  const figures: [string, string][] = [
    [L.questionsAsked, num.format(f.questionsAsked)],
    [L.questionsApproved, num.format(f.questionsApproved)],
    [L.questionsAnswered, num.format(f.questionsAnswered)],
    [L.recommendationsSubmitted, num.format(f.recommendationsSubmitted)],
    [L.recommendationsGrouped, num.format(f.recommendationsGrouped)],
  ];

  const items: DocItem[] = c.recommendations.map((r) => ({
    number: r.number,
    text: r.text,
    lang: r.lang,
    addressee: r.addressee,
    support: `${num.format(r.support.total)} (${L.endorsements}: ${num.format(r.support.endorsements)}, ${L.questionVotes}: ${num.format(r.support.questionVotes)})`,
    sources: r.sources.map((s) => shortId(s.id)),
    answers: r.sources.flatMap((s) => (s.answer ? [s.answer] : [])),
  }));
  const sections: DocSection[] = [];
  if (c.scope === 'forum') {
    for (const it of items) {
      const heading = it.addressee ?? L.notSpecified;
      const last = sections.at(-1);
      if (last?.heading === heading) last.items.push(it);
      else sections.push({ heading, items: [it] });
    }
  } else sections.push({ heading: null, items });

  const order = new Map(c.sessions.map((s, i) => [s.id, i]));
  const annex: AnnexRow[] = c.recommendations
    .flatMap((r) => r.sources.map((s) => ({ s, group: r.number })))
    .sort((a, b) => (order.get(a.s.sessionId) ?? 0) - (order.get(b.s.sessionId) ?? 0) || (a.s.createdAt < b.s.createdAt ? -1 : a.s.createdAt > b.s.createdAt ? 1 : a.s.id < b.s.id ? -1 : 1))
    .map(({ s, group }) => ({
      id: shortId(s.id),
      group,
      lang: s.lang,
      origin: s.origin === 'question' ? L.fromQuestion : L.fromCitizen,
      endorsements: s.endorsements,
      questionVotes: s.questionVotes,
      text: s.text,
    }));

  const ended = c.sessions.map((s) => s.endedAt ?? s.endsAt).sort().at(-1);
  return {
    labels: L,
    lang,
    title: c.scope === 'session' ? L.sessionTitle : L.forumTitle,
    subtitle: session ? `${c.forum.title} — ${session.title}` : c.forum.title,
    facts,
    figures,
    sections,
    topQuestions: c.topQuestions.map((q) => ({ rank: q.rank, text: q.text, lang: q.lang, votes: num.format(q.votes) })),
    annex,
    colophon: `${L.revision} ${c.revision} · sha256 ${c.inputHash.slice(0, 16)} · ${L.generatedBy}`,
    date: ended ? new Date(ended) : new Date(0),
  };
}
