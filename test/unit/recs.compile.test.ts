import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InputQuestion, InputRecommendation, SessionCompileInput } from '../../common/jobs';
import { Compilation } from '../../common/compilation.contract';
import { generatedSession } from '../../bench/compile-data';
import { compileForum, compileSession, trackerSeeds } from '../../workers/recommendations/compile';
import { documentModel } from '../../workers/recommendations/document';
import { renderCsv } from '../../workers/recommendations/render-csv';
import { renderJson } from '../../workers/recommendations/render-json';
import { mdText, renderMarkdown } from '../../workers/recommendations/render-md';
import { renderAll } from '../../workers/recommendations/render-all';

let clock = Date.parse('2026-11-23T05:10:00Z');
const at = () => new Date((clock += 1000)).toISOString();

function rec(text: string, o: Partial<InputRecommendation> = {}): InputRecommendation {
  return { id: randomUUID(), text, lang: 'ru', addressee: null, state: 'open', origin: 'citizen', sourceQuestionId: null, answer: null, authorName: null, endorsements: 0, mergedInto: null, createdAt: at(), ...o };
}
function question(text: string, o: Partial<InputQuestion> = {}): InputQuestion {
  return { id: randomUUID(), text, lang: 'ru', authorName: null, votes: 0, status: 'approved', createdAt: at(), answeredAt: null, ...o };
}
function session(recommendations: InputRecommendation[], questions: InputQuestion[] = []): SessionCompileInput {
  const base = generatedSession(0, 0);
  return { ...base, questions, recommendations, questionCounts: { asked: questions.length, approved: questions.length, answered: questions.filter((q) => q.status === 'answered').length } };
}

describe('compiling a session', () => {
  it('ranks groups by support: endorsements plus the votes of the questions they came from', () => {
    const q = question('Когда опубликуют отчёт?', { votes: 40, status: 'answered', answeredAt: at() });
    const fromQuestion = rec('Публиковать отчёт о расходах каждый месяц.', { origin: 'question', sourceQuestionId: q.id, endorsements: 5 });
    const popular = rec('Ввести электронное голосование на выборах в маслихат.', { endorsements: 30 });
    const quiet = rec('Открыть ясли в каждом микрорайоне.', { endorsements: 1 });
    const c = compileSession(session([quiet, popular, fromQuestion], [q]));
    expect(c.recommendations.map((r) => [r.number, r.text, r.support.total])).toEqual([
      [1, fromQuestion.text, 45],
      [2, popular.text, 30],
      [3, quiet.text, 1],
    ]);
    expect(c.recommendations[0]!.support).toEqual({ total: 45, endorsements: 5, questionVotes: 40 });
  });

  it('groups near-duplicates, keeps every source, and lets the best-supported open wording speak for the group', () => {
    const a = rec('Обязать акиматы публиковать отчёты общественных советов ежеквартально.', { endorsements: 2, addressee: 'Министерство информации' });
    const b = rec('Обязать акиматы публиковать отчеты общественных советов каждый квартал.', { endorsements: 9, addressee: 'министерство  информации' });
    const merged = rec('Отчёты советов — в открытый доступ', { state: 'merged', endorsements: 50 });
    merged.mergedInto = a.id;
    const other = rec('Create a register of recommendations.', { lang: 'en', addressee: 'Ministry of Justice' });
    const c = compileSession(session([a, b, merged, other]));
    expect(c.figures).toMatchObject({ recommendationsSubmitted: 4, recommendationsGrouped: 2 });
    const top = c.recommendations[0]!;
    expect(top.text).toBe(b.text);
    expect(top.sources.map((s) => s.id).sort()).toEqual([a.id, b.id, merged.id].sort());
    expect(top.support.total).toBe(61);
    // Case and spacing aside, both name the same body; the representative's spelling wins the tie.
    expect(top.addressee).toBe('министерство  информации');
    expect(top.key).toBe(a.id);
  });

  it('lists the ten most supported answered questions and the figures of the session', () => {
    const qs = Array.from({ length: 14 }, (_, i) => question(`Вопрос ${i}`, { votes: i, status: i % 2 ? 'answered' : 'approved', answeredAt: i % 2 ? at() : null }));
    const c = compileSession(session([], qs));
    expect(c.topQuestions.map((q) => q.text)).toEqual(['Вопрос 13', 'Вопрос 11', 'Вопрос 9', 'Вопрос 7', 'Вопрос 5', 'Вопрос 3', 'Вопрос 1']);
    expect(c.figures).toMatchObject({ viewersPeak: 4213, viewersTotal: 18402, questionsAsked: 14, questionsAnswered: 7, recommendationsGrouped: 0 });
    expect(() => Compilation.parse(c)).not.toThrow();
  });

  it('names the question asker as the author of a promoted item unless the item has its own', () => {
    const q = question('Кто проверит закупки?', { authorName: 'Марат' });
    const c = compileSession(session([rec('Кто проверит закупки?', { origin: 'question', sourceQuestionId: q.id })], [q]));
    expect(c.recommendations[0]!.sources[0]!.authorName).toBe('Марат');
  });
});

describe('the forum-wide set', () => {
  it('joins the same proposal from different sessions and numbers items by addressee, unaddressed last', () => {
    const s1 = compileSession({ ...session([rec('Публиковать решения судов на едином портале.', { addressee: 'Минюст', endorsements: 3 }), rec('Бюджет сёл — онлайн.', { addressee: 'Минфин' })]) });
    const other = session([rec('Публиковать решения судов на едином портале сразу.', { addressee: 'Минюст', endorsements: 1 }), rec('A register of councils.', { lang: 'en' })]);
    other.session = { ...other.session, id: randomUUID() };
    const s2 = compileSession(other);
    const base = generatedSession(0, 0);
    const c = compileForum({ kind: 'forum', revision: 1, inputHash: 'h', similarityThreshold: 0.6, forum: base.forum, sessions: [s1, s2] });
    expect(c.recommendations.map((r) => [r.number, r.addressee, r.sources.length])).toEqual([
      [1, 'Минфин', 1],
      [2, 'Минюст', 2],
      [3, null, 1],
    ]);
    expect(c.sessions.map((s) => s.id)).toEqual([s1.sessions[0]!.id, s2.sessions[0]!.id]);
    expect(c.figures.recommendationsSubmitted).toBe(4);
    expect(trackerSeeds(c)[1]).toMatchObject({ number: 2, support: 4, sessionIds: [s1.sessions[0]!.id, s2.sessions[0]!.id].sort() });
    const md = renderMarkdown(documentModel(c));
    expect(md.indexOf('### Минфин')).toBeLessThan(md.indexOf('### Минюст'));
    expect(md).toContain('### Адресаты көрсетілмеген');
  });
});

describe('rendering', () => {
  it('renders Markdown, CSV and JSON byte-identically for the same input', async () => {
    const input = generatedSession(600, 150, 9);
    const a = await renderAll(input);
    const b = await renderAll(structuredClone(input));
    for (const f of ['md', 'csv', 'json'] as const) {
      const x = a.artifacts.find((y) => y.format === f)!;
      const y = b.artifacts.find((z) => z.format === f)!;
      expect(Buffer.compare(Buffer.from(x.bytes), Buffer.from(y.bytes))).toBe(0);
      expect(x.sha256).toBe(y.sha256);
    }
    expect(a.artifacts.map((x) => x.format).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);
  }, 30_000);

  it('keeps user text as text in Markdown: no HTML, links or formatting get through', () => {
    expect(mdText('<script>alert(1)</script> [click](javascript:x) **bold** # h')).toBe(
      '\\<script\\>alert\\(1\\)\\</script\\> \\[click\\]\\(javascript:x\\) \\*\\*bold\\*\\* \\# h',
    );
    expect(mdText('1. not a list\n- nor this')).toBe('1\\. not a list  \n\\- nor this');
    const c = compileSession(session([rec('<img src=x onerror=alert(1)> | col')]));
    expect(renderMarkdown(documentModel(c))).not.toMatch(/(?<!\\)<img/);
  });

  it('writes CSV as UTF-8 with a BOM, one row per recommendation with every source id, formulas defused', () => {
    const r1 = rec('=HYPERLINK("http://evil")', { endorsements: 2 });
    const r2 = rec('Қоғамдық кеңестер есебін жариялау.', { lang: 'kk' });
    const csv = renderCsv(compileSession(session([r1, r2])));
    expect(csv.startsWith('\uFEFFnumber,key,text,lang,addressee,support_total')).toBe(true);
    expect(csv).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(csv).toContain('Қоғамдық кеңестер есебін жариялау.');
    expect(csv).toContain(r2.id);
    // The recommendations first; the session's floor turns are a table of their own after an empty line.
    const [recommendations, floor] = csv.split('\r\n\r\n');
    expect(recommendations!.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(floor!.split('\r\n')[0]).toBe('turn_number,session_id,started_at,seconds,speaker,organization,topic');
  });

  it('writes the floor turns to the CSV as text, a formula in a topic defused', () => {
    const input = session([rec('Ашық деректер.')]);
    input.session.floor = [{ speaker: 'Азамат', topic: '=HYPERLINK("http://evil")', organization: null, organizationId: null, startedAt: input.session.startedAt!, seconds: 95 }];
    const table = renderCsv(compileSession(input)).split('\r\n\r\n')[1]!;
    expect(table.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(table).toContain(`,95,Азамат,,"'=HYPERLINK(""http://evil"")"`);
  });

  it('writes JSON that reads back as the compilation it came from', () => {
    const c = compileSession(session([rec('Один'), rec('Два')]));
    expect(Compilation.parse(JSON.parse(renderJson(c)))).toEqual(c);
  });
});
