/**
 * A session's poll results land in its compiled documents: 50 socket clients vote, the session
 * ends, a real worker compiles, and the acknowledged totals are in the PDF (pdftotext), the
 * JSON, the Markdown, the DOCX and the CSV.
 */
import { describe, expect, it } from 'vitest';
import { Compilation } from '../../common/compilation.contract';
import { joined, liveSession, ok } from './qa.support';
import { citizens, openPoll, OPTIONS, QUESTION } from './polls.support';
import { docxText, pdfText, run, tempFile, xmlText } from './recs.support';
import { endAndCompile, withCompileWorker } from './compile.support';

const harness = withCompileWorker({ COMPILE_LOCK_MS: '5000' });
const { track } = harness;

describe('poll results in the compiled documents', () => {
  it('prints the totals of the acknowledged votes in every format, a bar per answer with its figures', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const { fx, sessionId } = live;
    const mod = await joined(app, sessionId, live.moderator);
    const voters = await citizens(app, sessionId, 50);
    [mod, ...voters].forEach(track);
    const choice = await openPoll(mod, sessionId, { hideResults: true });
    const scale = await openPoll(mod, sessionId, { kind: 'scale' });
    // 50 voters over three options: 25, 15 and 10; ten of them also rate on the scale (4 × 5, 6 × 3).
    const pick = (i: number) => (i < 25 ? 0 : i < 40 ? 1 : 2);
    const acks = await Promise.all(voters.map((s, i) => ok(s, 'poll:vote', { pollId: choice.id, choices: [pick(i)] })));
    await Promise.all(voters.slice(0, 10).map((s, i) => ok(s, 'poll:vote', { pollId: scale.id, choices: [i < 4 ? 4 : 2] })));
    const acked = [0, 1, 2].map((c) => acks.filter((a) => a.choices[0] === c).length);
    expect(acked).toEqual([25, 15, 10]);
    // A draft never reaches the documents.
    await ok(mod, 'poll:create', { sessionId, kind: 'single', question: { kk: 'Жоба сауалнама' }, options: OPTIONS, hideResults: false });

    const { download, get } = await endAndCompile(harness, fx, sessionId);

    // JSON: the numbers themselves. The forum's first language is Kazakh, so the texts are.
    const c = Compilation.parse((await download('json')).data);
    expect(c.polls).toHaveLength(2);
    expect(c.polls[0]).toMatchObject({
      number: 1,
      id: choice.id,
      sessionId,
      kind: 'single',
      question: QUESTION.kk,
      lang: 'kk',
      voters: 50,
      average: null,
      options: [
        { label: OPTIONS[0]!.kk, lang: 'kk', votes: 25, share: 0.5 },
        { label: OPTIONS[1]!.kk, lang: 'kk', votes: 15, share: 0.3 },
        { label: OPTIONS[2]!.kk, lang: 'kk', votes: 10, share: 0.2 },
      ],
    });
    expect(c.polls[0]!.closedAt).not.toBeNull();
    expect(c.polls[1]).toMatchObject({ number: 2, kind: 'scale', voters: 10, average: 3.8, options: [{ label: '1', votes: 0 }, { label: '2', votes: 0 }, { label: '3', votes: 6 }, { label: '4', votes: 0 }, { label: '5', votes: 4 }] });

    // PDF: the heading, the question and each answer with its figures beside the bar.
    const pdf = await get('pdf');
    const text = await pdfText(pdf);
    expect(text).toContain('Сауалнамалар');
    expect(text).toContain(QUESTION.kk);
    expect(text).toMatch(/Дауыс бергендер 50/);
    // Read as laid out: each answer's figures are on its bar's line.
    const { stdout: layout } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', await tempFile('doc.pdf', pdf), '-']);
    const lineOf = (label: string) => layout.split('\n').findLast((l) => l.includes(label)) ?? '';
    expect(lineOf(OPTIONS[0]!.kk)).toMatch(/ 25 \(50 ?%\)/);
    expect(lineOf(OPTIONS[1]!.kk)).toMatch(/ 15 \(30 ?%\)/);
    expect(lineOf(OPTIONS[2]!.kk)).toMatch(/ 10 \(20 ?%\)/);
    expect(text).toMatch(/Орташа баға 3,80/);

    const md = (await get('md')).toString('utf8');
    // Markdown escapes the parentheses.
    expect(md).toMatch(new RegExp(`\\| ${OPTIONS[0]!.kk} \\| █+ \\| 25 \\\\\\(50 ?%\\\\\\) \\|`));
    const docx = xmlText((await docxText(await get('docx'))).xml);
    expect(docx).toContain(QUESTION.kk);
    expect(docx).toMatch(/25 \(50 ?%\)/);

    const csv = (await get('csv')).toString('utf8');
    const [, polls] = csv.split('\r\n\r\n');
    const lines = polls!.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('poll_number,poll_id,kind,question,question_lang,option_number,option,option_lang,votes,share,voters,average,opened_at,closed_at');
    expect(lines).toHaveLength(1 + 3 + 5);
    expect(lines[1]).toContain(`1,${choice.id},single,${QUESTION.kk},kk,1,${OPTIONS[0]!.kk},kk,25,0.5,50,,`);
    expect(lines[8]).toContain(`2,${scale.id},scale,${QUESTION.kk},kk,5,5,,4,0.4,10,3.8,`);
  });
});
