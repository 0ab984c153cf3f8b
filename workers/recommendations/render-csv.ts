/** CSV for spreadsheets: one row per recommendation, every grouped item listed by id. */
import type { Compilation } from '../../common/recs.contract';
import { toCsv } from '../../server/export/csv';

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
];

export function renderCsv(c: Compilation): string {
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
    ]),
  );
}
