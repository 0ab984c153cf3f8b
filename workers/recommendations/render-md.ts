/** Markdown: readable as plain text and safe to paste into any Markdown viewer. */
import { cellText, textBar, type DocBlock, type DocModel } from './document';

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

function block(b: DocBlock): string[] {
  switch (b.kind) {
    case 'heading':
      return [`${'#'.repeat(b.level + 1)} ${mdText(b.text)}`, ''];
    case 'paragraph':
      return [b.muted ? `_${mdText(b.text)}_` : mdText(b.text), ''];
    case 'facts':
      return ['| | |', '|---|---|', ...b.rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), ''];
    case 'list':
      return b.items.flatMap((it) => {
        const notes = (it.notes ?? []).map((n) => `- ${mdText(n.text)}`);
        // Numbered items keep their own numbers (a Markdown list would renumber them), notes as a list under each.
        const lead = it.lead ? `**${mdText(it.lead)}**  \n` : '';
        if (b.ordered) return [`**${it.number ?? ''}.** ${lead}${mdText(it.text)}`, '', ...notes, ...(notes.length ? [''] : [])];
        return [`- ${lead.replace(/\n$/, '\n  ')}${mdText(it.text).replace(/\n/g, '\n  ')}`, ...notes.map((n) => `  ${n}`)];
      });
    case 'table':
      return [
        `| ${b.columns.map((c) => cell(c.title)).join(' | ')} |`,
        `|${b.columns.map((c) => (c.style === 'number' ? '---:' : '---')).join('|')}|`,
        ...b.rows.map((r) => `| ${r.map((c, i) => (b.columns[i]?.style === 'id' ? `\`${cellText(c)}\`` : cell(cellText(c)))).join(' | ')} |`),
        '',
      ];
    case 'map':
      // Text has no drawing: the legend stands for the map (the PDF draws it).
      return [`**${mdText(b.caption)}**`, '', ...b.groups.map((g) => `- ${mdText(g.caption)}`), ''];
    case 'bars':
      return [`**${mdText(b.caption)}**`, '', '| | | |', '|---|---|---:|', ...b.bars.map((x) => `| ${cell(x.label)} | ${textBar(b.max > 0 ? x.value / b.max : 0)} | ${cell(x.display)} |`), ''];
  }
}

export function renderMarkdown(d: DocModel): string {
  const out: string[] = [`# ${mdText(d.title)}`, '', `**${mdText(d.subtitle)}**`, ''];
  for (const b of d.blocks) {
    out.push(...block(b));
    // A bulleted list ends with its last item; a blank line keeps the next block out of it.
    if (b.kind === 'list' && !b.ordered) out.push('');
  }
  out.push('---', '', mdText(d.colophon), '');
  return out.join('\n');
}
