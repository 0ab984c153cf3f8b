/**
 * The printable view of a compilation, shared by the Markdown, PDF and DOCX renderers
 * so the three say the same thing in the same order. Dates come from the input (the
 * session's own times), never from the clock, to keep output reproducible.
 */
import { LANGS, type Lang } from '../../common/base';
import type { OrgKind, Region } from '../../common/organizations.contract';
import { ORG_KIND_NAMES, REGION_NAMES } from '../../common/organizations.names';
import type { Compilation, CompiledRecommendation, CompiledSession, ItemConsensus } from '../../common/compilation.contract';
import { groupLabel } from './compile-consensus';
import { pollBlocks } from './document-polls';
import { LABELS, type Labels } from './labels';

/**
 * The blocks a document is made of. Every renderer handles every kind, so new content
 * is new blocks pushed here (in `documentModel`), never a change to three renderers; a
 * new kind is one case in each renderer, and the compiler points at any one missing.
 * Texts written by people carry their own language, so screen readers read each in its
 * language (the PDF tags it); the rest is in the document's language.
 */
export type DocBlock =
  /** Level 1 starts a part of the document (a bookmark); 2 and 3 are inside it. */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string; lang?: Lang; muted?: boolean }
  /** Label/value rows (a two-column table whose first column heads its row). */
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'list'; ordered: boolean; items: DocListItem[] }
  | { kind: 'table'; columns: DocColumn[]; rows: DocCell[][] }
  /** A horizontal bar chart: each bar's length is value / max; `display` is the figure printed beside it. */
  | { kind: 'bars'; caption: string; max: number; bars: { label: string; lang?: Lang; value: number; display: string }[] }
  /**
   * A scatter map on its own page: points at x, y in 0–1 (y up), coloured by group; the
   * groups' captions form the legend (Markdown, which cannot draw, prints only those).
   */
  | { kind: 'map'; caption: string; points: [number, number, number][]; groups: { label: string; caption: string; x: number; y: number }[] };

export interface DocListItem {
  /** The item's own number in an ordered list (numbers need not start at 1 or be consecutive). */
  number?: number;
  /** A short line above the text (an id and figures), in the document's language. */
  lead?: string;
  text: string;
  lang?: Lang;
  /** Smaller lines under the text (addressee, support, sources, answers). */
  notes?: { text: string; lang?: Lang }[];
}

export interface DocColumn {
  title: string;
  /** Numbers right-aligned; ids in a fixed-width font. */
  style?: 'number' | 'id';
  /** Takes the width the other columns leave. */
  grow?: boolean;
}

export type DocCell = string | { text: string; lang: Lang };

export interface DocModel {
  labels: Labels;
  lang: Lang;
  title: string;
  subtitle: string;
  blocks: DocBlock[];
  /** Revision and input checksum, for the footer of every format. */
  colophon: string;
  /** When the session(s) ended, for document metadata. */
  date: Date;
}

export const cellText = (c: DocCell): string => (typeof c === 'string' ? c : c.text);

/** A chart bar for formats without drawing (Markdown, DOCX): up to 20 blocks, in eighths. */
export function textBar(share: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * 160);
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1]! : '');
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

const unique = <T>(xs: T[]) => [...new Set(xs)];

export function documentModel(c: Compilation): DocModel {
  const lang = c.language;
  const L = LABELS[lang];
  const num = new Intl.NumberFormat(lang);
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');
  const session = c.scope === 'session' ? c.sessions[0] : undefined;

  const langs = (xs: readonly Lang[]) => list(LANGS.filter((l) => xs.includes(l)).map((l) => L.langNames[l]));
  const interpreted = unique(c.sessions.flatMap((s) => s.interpreted));
  const captioned = unique(c.sessions.flatMap((s) => s.captioned));
  const facts: [string, string][] = session
    ? [
        [L.forum, c.forum.title],
        [L.session, session.title],
        [L.platform, session.platform],
        [L.date, dateRange([session], lang, c.forum.timeZone)],
        [L.speakers, list(session.speakers)],
        [L.moderators, list(session.moderators)],
        [L.interpreted, langs(interpreted)],
        [L.captioned, langs(captioned)],
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
        [L.interpreted, langs(interpreted)],
        [L.captioned, langs(captioned)],
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

  const p = c.participation;
  if (p) {
    const counted = <K extends string>(counts: Record<string, number>, names: Record<K, string>) =>
      Object.entries(counts)
        .map(([k, n]) => `${names[k as K] ?? k} ${num.format(n)}`)
        .join(', ');
    const regions = Object.keys(p.byRegion).length;
    facts.push(
      [L.organizations, p.organizations ? `${num.format(p.organizations)}: ${counted<OrgKind>(p.byKind, ORG_KIND_NAMES[lang])}` : '—'],
      [L.regions, regions ? `${num.format(regions)}: ${counted<Region>(p.byRegion, REGION_NAMES[lang])}` : '—'],
      [L.speakersCount, num.format(p.speakers)],
      [L.platformsCount, num.format(p.platforms)],
      [L.raters, num.format(p.raters)],
    );
  }
  const turns = c.sessions.flatMap((s) => s.floor.map((t) => ({ ...t, session: s.title })));
  figures.push([L.floorTurns, num.format(turns.length)]);
  const blocks: DocBlock[] = [{ kind: 'facts', rows: facts }, { kind: 'heading', level: 2, text: L.figures }, { kind: 'facts', rows: figures }];

  blocks.push({ kind: 'heading', level: 1, text: L.recommendations });
  if (!c.recommendations.length) blocks.push({ kind: 'paragraph', text: L.none, muted: true });
  const orgs = new Map(c.organizations.map((o) => [o.id, o]));
  const pct = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(x));
  const behind = (ids: string[]) => {
    const list = ids.flatMap((id) => orgs.get(id) ?? []);
    if (!list.length) return [];
    return [{ text: `${L.organizations} (${L.organizationsBehind(list.length, new Set(list.map((o) => o.region)).size)}): ${list.map((o) => o.name).join('; ')}` }];
  };
  // The support bar (agree share as a bar of blocks), the counts, each group's share and the score.
  const agreement = (k: ItemConsensus | null) => {
    if (!k) return [];
    const groups = k.groups.length ? ` · ${k.groups.map((g, i) => `${L.groupShort} ${groupLabel(i)} ${pct(g.agreeShare)}`).join(', ')}` : '';
    return [
      {
        text: `${L.agreement}: ${textBar(k.agreeShare ?? 0).padEnd(1, '·')} ${pct(k.agreeShare)} (${L.agreeShort} ${num.format(k.agree)}, ${L.disagreeShort} ${num.format(k.disagree)}, ${L.passShort} ${num.format(k.pass)})${groups} · ${L.consensusScore} ${num.format(k.score)}`,
      },
    ];
  };
  const badge = (k: ItemConsensus | null) => (k?.mark === 'consensus' ? `✔ ${L.consensusMark}` : k?.mark === 'divisive' ? `◆ ${L.divisiveMark}` : undefined);
  const item = (r: CompiledRecommendation, withAddressee: boolean): DocListItem => ({
    number: r.number,
    ...(badge(r.consensus) ? { lead: badge(r.consensus) } : {}),
    text: r.text,
    lang: r.lang,
    notes: [
      ...(withAddressee ? [{ text: `${L.addressee}: ${r.addressee ?? L.notSpecified}` }] : []),
      { text: `${L.support}: ${num.format(r.support.total)} (${L.endorsements}: ${num.format(r.support.endorsements)}, ${L.questionVotes}: ${num.format(r.support.questionVotes)})` },
      { text: `${L.sources} (${r.sources.length}): ${r.sources.map((s) => shortId(s.id)).join(', ')}` },
      ...behind(r.organizations),
      ...agreement(r.consensus),
      ...r.sources.flatMap((s) => (s.answer ? [{ text: `${L.answer}: ${s.answer}` }] : [])),
    ],
  });
  if (c.scope === 'forum' && c.ordering !== 'consensus') {
    // The forum-wide set comes sorted by addressee: one heading and list per addressee.
    let part: { heading: string; items: DocListItem[] } | undefined;
    for (const r of c.recommendations) {
      const heading = r.addressee ?? L.notSpecified;
      if (part?.heading !== heading) {
        part = { heading, items: [] };
        blocks.push({ kind: 'heading', level: 2, text: heading }, { kind: 'list', ordered: true, items: part.items });
      }
      part.items.push(item(r, false));
    }
  } else if (c.recommendations.length) blocks.push({ kind: 'list', ordered: true, items: c.recommendations.map((r) => item(r, true)) });

  if (c.opinionGroups) blocks.push(...opinionBlocks(c, L, num));

  blocks.push({ kind: 'heading', level: 1, text: L.topQuestions });
  if (!c.topQuestions.length) blocks.push({ kind: 'paragraph', text: L.none, muted: true });
  else
    blocks.push({
      kind: 'list',
      ordered: true,
      items: c.topQuestions.map((q) => {
        const asker = q.organizationId ? orgs.get(q.organizationId) : undefined;
        return { number: q.rank, text: q.text, lang: q.lang, notes: [{ text: `${L.votes}: ${num.format(q.votes)}` }, ...(asker ? [{ text: `${L.organizations}: ${asker.name}` }] : [])] };
      }),
    });

  blocks.push({ kind: 'heading', level: 1, text: L.floor });
  if (!turns.length) blocks.push({ kind: 'paragraph', text: L.none, muted: true });
  else {
    const time = new Intl.DateTimeFormat(lang, { timeZone: c.forum.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const minutes = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    blocks.push({
      kind: 'list',
      ordered: true,
      items: turns.map((t, i) => {
        const org = (t.organizationId ? orgs.get(t.organizationId)?.name : undefined) ?? t.organization;
        return {
          number: i + 1,
          lead: [time.format(new Date(t.startedAt)), ...(t.seconds === null ? [] : [`${L.duration} ${minutes(t.seconds)}`]), ...(c.scope === 'forum' ? [t.session] : [])].join('  ·  '),
          // The topic is the speaker's own words, in a language nobody declared.
          text: t.topic,
          notes: [{ text: `${L.floorSpeaker}: ${t.speaker}${org ? ` (${org})` : ''}` }],
        };
      }),
    });
  }

  blocks.push(...pollBlocks(c));

  const order = new Map(c.sessions.map((s, i) => [s.id, i]));
  const annex = c.recommendations
    .flatMap((r) => r.sources.map((s) => ({ s, group: r.number })))
    .sort((a, b) => (order.get(a.s.sessionId) ?? 0) - (order.get(b.s.sessionId) ?? 0) || (a.s.createdAt < b.s.createdAt ? -1 : a.s.createdAt > b.s.createdAt ? 1 : a.s.id < b.s.id ? -1 : 1));
  blocks.push(
    { kind: 'heading', level: 1, text: L.annex, newPage: true },
    { kind: 'paragraph', text: L.annexNote, muted: true },
    {
      kind: 'list',
      ordered: false,
      items: annex.map(({ s, group }) => ({
        lead: `${shortId(s.id)}  ·  ${L.group}${group}  ·  ${s.lang}  ·  ${s.origin === 'question' ? L.fromQuestion : L.fromCitizen}  ·  ${L.support}: ${num.format(s.endorsements + s.questionVotes)}`,
        text: s.text,
        lang: s.lang,
      })),
    },
  );

  const ended = c.sessions.map((s) => s.endedAt ?? s.endsAt).sort().at(-1);
  return {
    labels: L,
    lang,
    title: c.scope === 'session' ? L.sessionTitle : L.forumTitle,
    subtitle: session ? `${c.forum.title} — ${session.title}` : c.forum.title,
    blocks,
    colophon: `${L.revision} ${c.revision} · sha256 ${c.inputHash.slice(0, 16)} · ${L.generatedBy}`,
    date: ended ? new Date(ended) : new Date(0),
  };
}

/** The session's opinion groups: a one-page map, then how large each group is. */
function opinionBlocks(c: Compilation, L: Labels, num: Intl.NumberFormat): DocBlock[] {
  const o = c.opinionGroups!;
  // Scaled to the unit square with the same factor on both axes, so distances stay true.
  const xs = o.points.map((p) => p[0]);
  const ys = o.points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const fit = (x: number, lo: number, hi: number) => Math.round(((x - (lo + hi) / 2) / span + 0.5) * 1000) / 1000;
  return [
    { kind: 'heading', level: 1, text: L.opinionGroups, newPage: true },
    { kind: 'paragraph', text: L.opinionSummary(o.groups.length, o.clustered, o.participants) },
    {
      kind: 'map',
      caption: L.opinionGroups,
      points: o.points.map(([x, y, g]) => [fit(x, x0, x1), fit(y, y0, y1), g]),
      groups: o.groups.map((g) => ({ label: g.label, caption: `${L.groupShort} ${g.label}: ${num.format(g.size)}`, x: fit(g.centroid[0], x0, x1), y: fit(g.centroid[1], y0, y1) })),
    },
    { kind: 'bars', caption: L.opinionGroups, max: Math.max(...o.groups.map((g) => g.size)), bars: o.groups.map((g) => ({ label: `${L.groupShort} ${g.label}`, value: g.size, display: num.format(g.size) })) },
    { kind: 'paragraph', text: L.opinionNote, muted: true },
  ];
}
