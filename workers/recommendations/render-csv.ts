/**
 * CSV for spreadsheets: one row per recommendation, every grouped item listed by id. A session
 * with polls has a second table after one empty line: one row per poll option with its votes;
 * one where citizens took the floor has another: one row per turn (who, for which organization,
 * on what, when, how long). The last table holds the participation figures the other formats
 * state in their header (organizations by kind and region, speakers, platforms, viewers).
 */
import type { Compilation } from '../../common/compilation.contract';
import { BOM, toCsv } from '../../platform/csv';
import { groupLabel } from './compile-consensus';

const HEADER = [
  'number',
  'key',
  'text',
  'lang',
  'addressee',
  'support_total',
  'endorsements',
  'question_votes',
  'sources_count',
  'source_ids',
  'session_ids',
  'organizations_count',
  'organizations',
  'agree',
  'disagree',
  'pass',
  'agree_share',
  'group_agree_shares',
  'consensus_score',
  'divisiveness',
  'consensus_mark',
];

const POLL_HEADER = ['poll_number', 'poll_id', 'kind', 'question', 'question_lang', 'option_number', 'option', 'option_lang', 'votes', 'share', 'voters', 'average', 'opened_at', 'closed_at'];

function pollsCsv(c: Compilation): string {
  const rows = c.polls.flatMap((p) =>
    p.options.map((o, i) => [p.number, p.id, p.kind, p.question, p.lang, i + 1, o.label, o.lang, o.votes, o.share, p.voters, p.average, p.openedAt, p.closedAt]),
  );
  return toCsv(POLL_HEADER, rows).slice(BOM.length);
}

const FLOOR_HEADER = ['turn_number', 'session_id', 'started_at', 'seconds', 'speaker', 'organization', 'topic'];

function floorCsv(c: Compilation): string | undefined {
  const names = new Map(c.organizations.map((o) => [o.id, o.name]));
  const rows = c.sessions.flatMap((s) => s.floor.map((t) => ({ s, t })));
  if (!rows.length) return undefined;
  return toCsv(
    FLOOR_HEADER,
    rows.map(({ s, t }, i) => [i + 1, s.id, t.startedAt, t.seconds, t.speaker, (t.organizationId ? names.get(t.organizationId) : undefined) ?? t.organization, t.topic]),
  ).slice(BOM.length);
}

const PARTICIPATION_HEADER = ['figure', 'key', 'value'];

/** One row per figure; organizations by kind and by region one row per kind or region (key), in the contract's order. */
function participationCsv(c: Compilation): string | undefined {
  const p = c.participation;
  if (!p) return undefined;
  const rows: (string | number | null)[][] = [
    ['organizations', null, p.organizations],
    ...Object.entries(p.byKind).map(([k, n]) => ['organizations_by_kind', k, n]),
    ...Object.entries(p.byRegion).map(([r, n]) => ['organizations_by_region', r, n]),
    ['speakers', null, p.speakers],
    ['platforms', null, p.platforms],
    ['sessions', null, p.sessions],
    ['viewers_peak', null, p.viewersPeak],
    ['viewers_total', null, p.viewersTotal],
    ['raters', null, p.raters],
  ];
  return toCsv(PARTICIPATION_HEADER, rows).slice(BOM.length);
}

export function renderCsv(c: Compilation): string {
  const tables = [recommendationsCsv(c), ...(c.polls.length ? [pollsCsv(c)] : []), floorCsv(c), participationCsv(c)].filter((x) => x !== undefined);
  return tables.join('\r\n');
}

function recommendationsCsv(c: Compilation): string {
  const names = new Map(c.organizations.map((o) => [o.id, o.name]));
  return toCsv(
    HEADER,
    c.recommendations.map((r) => [
      r.number,
      r.key,
      r.text,
      r.lang,
      r.addressee,
      r.support.total,
      r.support.endorsements,
      r.support.questionVotes,
      r.sources.length,
      r.sources.map((s) => s.id).join(' '),
      [...new Set(r.sources.map((s) => s.sessionId))].join(' '),
      r.organizations.length,
      r.organizations.map((id) => names.get(id) ?? id).join('; '),
      r.consensus?.agree ?? 0,
      r.consensus?.disagree ?? 0,
      r.consensus?.pass ?? 0,
      r.consensus?.agreeShare ?? null,
      r.consensus?.groups.map((g, i) => `${groupLabel(i)}:${g.agreeShare ?? ''}`).join(' ') ?? null,
      r.consensus?.score ?? null,
      r.consensus?.divisiveness ?? null,
      r.consensus?.mark ?? null,
    ]),
  );
}
