/** A session's live polls in its compilation: each text in the document's language where the poll has it. */
import { LANGS, type Lang } from '../../common/base';
import type { CompiledPoll, InputPoll, TextView } from '../../common/polls.contract';

/** The text in the wanted language, else in the forum's languages in order, else any; with the language it is in. */
function pick(t: TextView, lang: Lang, fallbacks: readonly Lang[]): { text: string; lang: Lang } {
  for (const l of [lang, ...fallbacks, ...LANGS]) {
    const text = t[l];
    if (text) return { text, lang: l };
  }
  return { text: '', lang };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function compilePolls(polls: readonly InputPoll[], sessionId: string, lang: Lang, fallbacks: readonly Lang[]): CompiledPoll[] {
  return [...polls]
    .sort((a, b) => a.number - b.number)
    .map((p) => {
      const q = pick(p.question, lang, fallbacks);
      const options = p.options.map((o) => {
        const votes = p.counts[o.index] ?? 0;
        const label = o.text ? pick(o.text, lang, fallbacks) : { text: String(o.index + 1), lang: null };
        return { label: label.text, lang: label.lang, votes, share: p.voters ? round(votes / p.voters, 4) : null };
      });
      // A scale's point p is option index p − 1; one choice per voter.
      const average = p.kind === 'scale' && p.voters ? round(options.reduce((sum, o, i) => sum + o.votes * (i + 1), 0) / p.voters, 2) : null;
      return { number: p.number, id: p.id, sessionId, kind: p.kind, question: q.text, lang: q.lang, options, voters: p.voters, average, openedAt: p.openedAt, closedAt: p.closedAt };
    });
}
