import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { InputRecommendation, SessionCompileInput } from '../../common/jobs';
import type { OrgRef } from '../../common/organizations.contract';
import { Compilation } from '../../common/compilation.contract';
import { generatedSession, generatedText, prng } from '../../bench/compile-data';
import { compileForum, compileSession } from '../../workers/recommendations/compile';
import { documentModel } from '../../workers/recommendations/document';
import { renderCsv } from '../../workers/recommendations/render-csv';
import { renderDocx } from '../../workers/recommendations/render-docx';
import { renderJson } from '../../workers/recommendations/render-json';
import { renderMarkdown } from '../../workers/recommendations/render-md';

const NGO: OrgRef = { id: '0b6f9d1e-3c1a-4c55-9a51-6f0f3a0d0001', name: { ru: 'Фонд «Открытое общество»', kk: 'Ашық қоғам қоры' }, kind: 'ngo', region: 'karaganda' };
const MEDIA: OrgRef = { id: '0b6f9d1e-3c1a-4c55-9a51-6f0f3a0d0002', name: { ru: 'ТОО «Дала Медиа»' }, kind: 'media', region: 'astana' };

/**
 * 19 distinct items; 40 raters in two camps (items 0–8 against 9–17), item 18 agreed by
 * all; then three representatives of one NGO who disagree with item 18 and count once.
 */
function ratedSession(): SessionCompileInput {
  const base = generatedSession(0, 0);
  const rand = prng(5);
  const recommendations: InputRecommendation[] = Array.from({ length: 19 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    text: generatedText(rand, 'ru'),
    lang: 'ru',
    addressee: null,
    state: 'open',
    origin: 'citizen',
    sourceQuestionId: null,
    answer: null,
    authorName: null,
    endorsements: 0,
    mergedInto: null,
    createdAt: new Date(Date.parse('2026-11-23T05:10:00Z') + i * 1000).toISOString(),
    ...(i === 18 ? { organizationId: MEDIA.id, endorsingOrganizationIds: [NGO.id] } : {}),
  }));
  const raters: NonNullable<SessionCompileInput['ratings']>['raters'] = [];
  const r = prng(9);
  for (let p = 0; p < 40; p++) {
    let votes = '';
    for (let item = 0; item < 19; item++) {
      if (r() > 0.85) continue;
      const agree = item === 18 || (item < 9) === (p % 2 === 0);
      votes += `${item}${agree ? 'a' : 'd'}`;
    }
    raters.push({ organizationId: null, votes });
  }
  for (let k = 0; k < 3; k++) raters.push({ organizationId: NGO.id, votes: '18d0a' });
  return { ...base, recommendations, organizations: [NGO, MEDIA], ratings: { raters } };
}

describe('consensus in the compilation', () => {
  it('finds the planted groups, marks consensus and divisive items, and counts an organization once', () => {
    const c = compileSession(ratedSession());
    expect(c.opinionGroups?.groups.map((g) => g.label)).toEqual(['A', 'B']);
    // 40 citizens and one organization (three representatives).
    expect(c.participation).toMatchObject({ raters: 41, organizations: 2, byKind: { ngo: 1, media: 1 }, byRegion: { astana: 1, karaganda: 1 } });
    const byText = (i: number) => c.recommendations.find((x) => x.sources[0]!.id.endsWith(String(i).padStart(12, '0')))!;
    const all = byText(18);
    expect(all.consensus?.mark).toBe('consensus');
    expect(all.consensus?.disagree).toBe(1);
    expect(byText(0).consensus?.mark).toBe('divisive');
    expect(byText(12).consensus?.mark).toBe('divisive');
    // The document's language is Kazakh: names in Kazakh where given, by Kazakh collation.
    expect(c.organizations.map((o) => o.name)).toEqual(['Ашық қоғам қоры', 'ТОО «Дала Медиа»']);
    // Put forward by the media company, endorsed by the NGO (whose majority disagreed, so not as an agreeing rater).
    expect(all.organizations).toEqual([NGO.id, MEDIA.id]);
    expect(byText(0).organizations).toEqual([NGO.id]);
    expect(Compilation.parse(JSON.parse(renderJson(c)))).toEqual(c);

    const md = renderMarkdown(documentModel(c));
    expect(md).toContain('кең келісім');
    expect(md).toContain('пікір бөлінді');
    expect(md).toContain('Ашық қоғам қоры');
    expect(md).toContain('## Пікір топтары');
    const csv = renderCsv(c);
    expect(csv.split('\r\n')[0]).toContain('consensus_mark');
    expect(csv).toContain(',consensus');
  });

  it('draws the opinion-group map in the DOCX as a chart, one series of dots per group, beside each item\'s bar, badge and organizations', () => {
    const c = compileSession(ratedSession());
    const parts = unzipSync(renderDocx(documentModel(c)));
    const xml = (name: string) => {
      const bytes = parts[name];
      if (!bytes) throw new Error(`${name} is missing`);
      const text = strFromU8(bytes);
      expect(XMLValidator.validate(text), name).toBe(true);
      return text;
    };
    for (const name of Object.keys(parts)) xml(name);
    // The chart part is declared, related from the document and placed inline with alternative text.
    expect(xml('[Content_Types].xml')).toContain('<Override PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    const rel = /<Relationship Id="(rId\d+)" Type="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships\/chart" Target="charts\/chart1.xml"\/>/.exec(xml('word/_rels/document.xml.rels'));
    expect(rel).not.toBeNull();
    const doc = xml('word/document.xml');
    expect(doc).toContain(`<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${rel![1]}"/>`);
    expect(doc).toMatch(/<wp:docPr id="1" name="Chart 1" descr="Пікір топтары: Топ A: \d+; Топ B: \d+"\/>/);

    const chart = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'c:ser' || name === 'c:pt' }).parse(xml('word/charts/chart1.xml')) as {
      'c:chartSpace': { 'c:chart': { 'c:plotArea': { 'c:scatterChart': { 'c:ser': { 'c:tx': { 'c:v': string }; 'c:xVal': { 'c:numLit': { 'c:pt': unknown[] } }; 'c:yVal': { 'c:numLit': { 'c:pt': unknown[] } } }[] } } } };
    };
    const series = chart['c:chartSpace']['c:chart']['c:plotArea']['c:scatterChart']['c:ser'];
    const groups = c.opinionGroups!.groups;
    expect(series.map((s) => s['c:tx']['c:v'])).toEqual(groups.map((g) => `Топ ${g.label}: ${g.size}`));
    expect(series.map((s) => [s['c:xVal']['c:numLit']['c:pt'].length, s['c:yVal']['c:numLit']['c:pt'].length])).toEqual(groups.map((g) => [g.size, g.size]));

    // Per item: the consensus badge, the support bar with its share, and the organizations behind it.
    const text = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
    expect(text).toContain('✔ кең келісім');
    expect(text).toMatch(/Келісім: █+\S* 97%/);
    expect(text).toContain('ТОО «Дала Медиа»');
  });

  it('states the participation figures in every format: the header of the PDF, DOCX and Markdown, a table of the CSV, the JSON', () => {
    const c = compileSession(ratedSession());
    const md = renderMarkdown(documentModel(c));
    expect(md).toMatch(/Ұйымдар \| 2: ҮЕҰ 1, БАҚ 1/);
    expect(md).toContain('Бағалаған қатысушылар | 41');
    const tables = renderCsv(c).split('\r\n\r\n');
    expect(tables.at(-1)!.split('\r\n').filter(Boolean)).toEqual([
      'figure,key,value',
      'organizations,,2',
      'organizations_by_kind,ngo,1',
      'organizations_by_kind,media,1',
      'organizations_by_region,astana,1',
      'organizations_by_region,karaganda,1',
      `speakers,,${c.participation!.speakers}`,
      'platforms,,1',
      'sessions,,1',
      `viewers_peak,,${c.figures.viewersPeak}`,
      `viewers_total,,${c.figures.viewersTotal}`,
      'raters,,41',
    ]);
    expect(JSON.parse(renderJson(c)).participation).toEqual(c.participation);
  });

  it('is byte-identical for the same ratings', () => {
    const a = compileSession(ratedSession());
    const b = compileSession(ratedSession());
    expect(renderJson(a)).toBe(renderJson(b));
    expect(renderMarkdown(documentModel(a))).toBe(renderMarkdown(documentModel(b)));
    expect(renderCsv(a)).toBe(renderCsv(b));
  });

  it('orders the forum-wide set by consensus when asked, and keeps each item its sources\' figures', () => {
    const s = Compilation.parse(JSON.parse(renderJson(compileSession(ratedSession()))));
    const base = generatedSession(0, 0);
    const f = compileForum({ kind: 'forum', revision: 1, inputHash: 'h', similarityThreshold: 0.6, forum: base.forum, sessions: [s], ordering: 'consensus' });
    expect(f.ordering).toBe('consensus');
    const scores = f.recommendations.map((r) => r.consensus?.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(f.recommendations[0]!.consensus?.mark).toBe('consensus');
    expect(f.organizations).toHaveLength(2);
    expect(f.participation?.raters).toBe(41);
    // Without ordering, the set keeps its addressee sections.
    expect(compileForum({ kind: 'forum', revision: 1, inputHash: 'h', similarityThreshold: 0.6, forum: base.forum, sessions: [s] }).ordering).toBe('addressee');
  });

  it('reads an older compilation without the new fields', () => {
    const old = JSON.parse(renderJson(compileSession({ ...generatedSession(0, 3), ratings: undefined, organizations: undefined }))) as Record<string, unknown>;
    delete old.organizations;
    delete old.participation;
    delete old.opinionGroups;
    delete old.ordering;
    const parsed = Compilation.parse(old);
    expect(parsed.organizations).toEqual([]);
    expect(parsed.recommendations.every((r) => r.consensus === null)).toBe(true);
  });
});
