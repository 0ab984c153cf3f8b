/**
 * The compiled PDF as a screen reader and a PDF viewer see it, read back with poppler's
 * tools: tagged structure in reading order, each text's language, bookmarks, the embedded
 * font with every Kazakh letter, page numbers, and user text kept as text.
 */
import { describe, expect, it } from 'vitest';
import { documentModel, type DocModel } from '../../workers/recommendations/document';
import { compileSession } from '../../workers/recommendations/compile';
import { LABELS } from '../../workers/recommendations/labels';
import { renderPdf } from '../../workers/recommendations/render-pdf';
import { generatedSession } from '../../bench/compile-data';
import { flatTags, pdfFonts, pdfOutline, pdfTags, pdfText, run, tempFile, type PdfTag } from './recs.support';

const KK = 'Қоғамдық кеңестердің шешімдерін әкімдіктер бір ай ішінде жариялауы керек.';
const KK_LETTERS = 'Әріптер: ә ғ қ ң ө ұ ү һ і.';
const RU = 'Обязать акиматы публиковать отчёты общественных советов ежеквартально.';
const EN = 'Give public councils a budget of their own, approved by the maslikhat.';
const MARKUP = '#panic("no") *not bold* $x^2$ <label> @ref [link](x) \\ `raw` = heading';

/** A document with every kind of block, in the forum's first language (Kazakh) with Russian and English texts. */
function everyBlock(): DocModel {
  const L = LABELS.kk;
  return {
    labels: L,
    lang: 'kk',
    title: 'Отырыс ұсынымдары',
    subtitle: 'Азаматтық форум — Қоғамдық кеңестер',
    colophon: 'Нұсқа 1 · sha256 0123456789abcdef',
    date: new Date('2026-11-23T07:01:00Z'),
    blocks: [
      { kind: 'facts', rows: [[L.forum, 'Азаматтық форум'], [L.date, '23 қараша 2026']] },
      { kind: 'heading', level: 2, text: L.figures },
      { kind: 'bars', caption: 'Сауалнама нәтижелері', max: 40, bars: [{ label: 'Иә', value: 30, display: '30 (75%)' }, { label: 'Нет', lang: 'ru', value: 10, display: '10 (25%)' }] },
      { kind: 'heading', level: 1, text: L.recommendations },
      { kind: 'heading', level: 2, text: 'Әділет министрлігі' },
      {
        kind: 'list',
        ordered: true,
        items: [
          { number: 1, text: KK, lang: 'kk', notes: [{ text: `${L.support}: 3` }] },
          { number: 2, text: RU, lang: 'ru', notes: [{ text: `${L.answer}: Министрлік келісті.` }] },
          { number: 3, text: EN, lang: 'en' },
          { number: 4, text: MARKUP, lang: 'en' },
        ],
      },
      { kind: 'paragraph', text: KK_LETTERS },
      { kind: 'heading', level: 1, text: L.annex, newPage: true },
      { kind: 'table', columns: [{ title: 'Id', style: 'id' }, { title: L.support, style: 'number' }, { title: L.text, grow: true }], rows: [['a1b2c3d4', '3', { text: RU, lang: 'ru' }]] },
      { kind: 'list', ordered: false, items: [{ lead: 'a1b2c3d4 · Ұсыным №2', text: EN, lang: 'en' }] },
    ],
  };
}

const find = (tags: PdfTag[], type: string, text: string) => flatTags(tags).find((t) => t.type === type && t.text.includes(text));

describe('the compiled PDF', () => {
  it('is tagged in reading order: headings, numbered lists with labels, tables, a chart, each text in its own language', async () => {
    const pdf = renderPdf(everyBlock());
    const file = await tempFile('doc.pdf', pdf);
    expect((await run('pdfinfo', [file])).stdout).toMatch(/^Tagged:\s+yes$/m);
    const { lang, root } = await pdfTags(pdf);
    expect(lang).toBe('kk');
    expect(root.map((t) => t.type)).toEqual(['Document']);
    const all = flatTags(root);

    expect(find(root, 'H1', LABELS.kk.recommendations)).toBeDefined();
    expect(find(root, 'H2', 'Әділет министрлігі')).toBeDefined();
    expect(find(root, 'H1', LABELS.kk.annex)).toBeDefined();

    const list = all.find((t) => t.type === 'L' && t.text.includes(KK))!;
    expect(list.children.map((c) => c.type)).toEqual(['LI', 'LI', 'LI', 'LI']);
    expect(list.children.map((li) => li.children.map((c) => c.type))).toEqual(Array(4).fill(['Lbl', 'LBody']));
    expect(list.children.map((li) => li.children[0]!.text)).toEqual(['1.', '2.', '3.', '4.']);

    // Each person's text is read in its own language; labels and figures in the document's.
    expect(find(root, 'LBody', KK)!.lang).toBe('kk');
    for (const [text, l] of [[RU, 'ru'], [EN, 'en']] as const) {
      const spans = all.filter((t) => t.text === text || (t.text.includes(text) && t.children.length === 0));
      expect(spans.length).toBeGreaterThan(0);
      for (const s of spans) expect(`${s.type} ${s.lang} ${s.text}`).toBe(`${s.type} ${l} ${s.text}`);
    }
    expect(all.find((t) => t.text.startsWith(LABELS.kk.answer))!.lang).toBe('kk');

    const table = all.find((t) => t.type === 'Table' && t.text.includes('a1b2c3d4'))!;
    expect(flatTags(table.children).filter((t) => t.type === 'TD' || t.type === 'TH').length).toBeGreaterThanOrEqual(6);
    // The chart reads as its caption and its figures (the bars are decoration).
    expect(all.find((t) => t.text.includes('Сауалнама нәтижелері') && t.text.includes('30 (75%)'))).toBeDefined();

    // Reading order is the document's order.
    const text = root[0]!.text;
    const order = [LABELS.kk.forum, 'Сауалнама нәтижелері', LABELS.kk.recommendations, KK, RU, EN, KK_LETTERS, LABELS.kk.annex].map((s) => text.indexOf(s));
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('has a bookmark for every heading, the Kazakh letters in an embedded font, page numbers, and user text kept as text', async () => {
    const pdf = renderPdf(everyBlock());
    expect(await pdfOutline(pdf)).toEqual([LABELS.kk.figures, LABELS.kk.recommendations, 'Әділет министрлігі', LABELS.kk.annex]);
    expect(await pdfFonts(pdf)).toMatch(/DejaVuSans\b.*yes/);
    const text = await pdfText(pdf);
    for (const s of [KK, KK_LETTERS, RU, EN, MARKUP, 'Нұсқа 1 · sha256 0123456789abcdef']) expect(text).toContain(s);
    // Each number stands on its item's first line, not on a line of its own.
    const file = await tempFile('doc.pdf', pdf);
    const layout = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout.split('\n');
    expect(layout.find((l) => /^\s*1\.\s/.test(l))).toContain(KK.slice(0, 20));
    expect(layout.find((l) => /^\s*2\.\s/.test(l))).toContain(RU.slice(0, 20));
    expect(text).toContain(LABELS.kk.page(1, 2));
    expect(text).toContain(LABELS.kk.page(2, 2));
  });

  it('lays out a real session document with its numbered items and annex', async () => {
    const input = generatedSession(300, 60, 4);
    const d = documentModel(compileSession(input));
    const pdf = renderPdf(d);
    const { root } = await pdfTags(pdf);
    const items = flatTags(root).filter((t) => t.type === 'Lbl');
    const groups = d.blocks.flatMap((b) => (b.kind === 'list' && b.ordered ? b.items : []));
    expect(items.filter((t) => /^\d+\.$/.test(t.text)).map((t) => t.text)).toEqual(groups.map((g) => `${g.number}.`));
    const text = await pdfText(pdf);
    for (const r of input.recommendations.slice(0, 5)) expect(text).toContain(r.text);
  });
});
