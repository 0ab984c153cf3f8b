/** Markdown: readable as plain text and safe to paste into any Markdown viewer. */
import type { Compilation } from '../../common/recs.contract';
import { documentModel } from './document';

/**
 * User text is text, never markup: characters that Markdown or embedded HTML would
 * interpret are escaped, and line breaks inside an item stay inside it.
 */
export function mdText(s: string): string {
  return s
    .replace(/[\\`*_{}[\]()<>#|~!&]/g, (c) => `\\${c}`)
    .replace(/^([+\-=])/gm, '\\$1')
    .replace(/^(\d+)\./gm, '$1\\.')
    .replace(/\r?\n/g, '  \n');
}

/** Table cells must stay on one line. */
const cell = (s: string) => mdText(s).replace(/ {2}\n/g, ' ');

export function renderMarkdown(c: Compilation): string {
  const d = documentModel(c);
  const L = d.labels;
  const out: string[] = [];
  out.push(`# ${mdText(d.title)}`, '', `**${mdText(d.subtitle)}**`, '');
  out.push('| | |', '|---|---|', ...d.facts.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
  out.push(`## ${mdText(L.figures)}`, '', '| | |', '|---|---:|', ...d.figures.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
  out.push(`## ${mdText(L.recommendations)}`, '');
  if (!c.recommendations.length) out.push(`_${mdText(L.none)}_`, '');
  for (const s of d.sections) {
    if (s.heading) out.push(`### ${mdText(s.heading)}`, '');
    for (const it of s.items) {
      out.push(`**${it.number}.** ${mdText(it.text)}`, '');
      if (c.scope === 'session') out.push(`- ${mdText(L.addressee)}: ${mdText(it.addressee ?? L.notSpecified)}`);
      out.push(`- ${mdText(L.support)}: ${mdText(it.support)}`);
      out.push(`- ${mdText(L.sources)} (${it.sources.length}): ${it.sources.map((id) => `\`${id}\``).join(', ')}`);
      for (const a of it.answers) out.push(`- ${mdText(L.answer)}: ${mdText(a)}`);
      out.push('');
    }
  }
  out.push(`## ${mdText(L.topQuestions)}`, '');
  if (!d.topQuestions.length) out.push(`_${mdText(L.none)}_`, '');
  for (const q of d.topQuestions) out.push(`${q.rank}. ${mdText(q.text)} — ${mdText(L.votes)}: ${q.votes}`);
  if (d.topQuestions.length) out.push('');
  out.push(`## ${mdText(L.annex)}`, '', mdText(L.annexNote), '');
  out.push(`| Id | ${cell(L.group)} | ${cell(L.language)} | ${cell(L.origin)} | ${cell(L.support)} | ${cell(L.text)} |`, '|---|---:|---|---|---:|---|');
  for (const a of d.annex) out.push(`| \`${a.id}\` | ${a.group} | ${a.lang} | ${cell(a.origin)} | ${a.endorsements + a.questionVotes} | ${cell(a.text)} |`);
  out.push('', '---', '', mdText(d.colophon), '');
  return out.join('\n');
}
