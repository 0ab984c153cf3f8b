/**
 * End a session → a real worker process compiles its recommendations → organizers see
 * progress live and download every format; citizens only once published.
 */
import { createHash } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type CompileProgress, type CompileRevisionView } from '../../common/recs.contract';
import { Compilation } from '../../common/compilation.contract';
import { citizen } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { expectAsDocumented } from '../helpers/openapi';
import { connect, liveSession, namedCitizen, next, ok, refused } from './qa.support';
import { docxText, pdfFonts, pdfText, xmlText } from './recs.support';
import { withCompileWorker } from './compile.support';

const harness = withCompileWorker({ COMPILE_LOCK_MS: '5000' });
const { track } = harness;

const KK = 'Қоғамдық кеңестердің шешімдерін әкімдіктер міндетті түрде қарап, үш ай ішінде жауап беруі керек.';
const KK_LETTERS = 'Әріптер: ә ғ қ ң ө ұ ү һ і.';
const RU = 'Обязать акиматы публиковать отчёты общественных советов на портале открытых данных ежеквартально.';
const RU_DUPLICATE = 'Обязать акиматы публиковать отчёты общественных советов на портале открытых данных каждый квартал.';
const EN = 'Give public councils a budget of their own, approved by the maslikhat.';

/** Every download is also checked against the OpenAPI document (status and content type). */
async function download(who: Client, v: CompileRevisionView, format: string) {
  const r = await who.get(`/api/sessions/${v.sessionId}/compilations/${v.revision}/${format}`);
  await expectAsDocumented(who.base, 'GET', '/api/sessions/{sessionId}/compilations/{revision}/{format}', r);
  return r;
}

describe('compiling a session', () => {
  it('turns an ended session into PDF, DOCX, Markdown, CSV and JSON that organizers download, reporting progress live', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const { fx } = live;
    const authors = await Promise.all([namedCitizen(app, 'Айгүл'), citizen(app), citizen(app), citizen(app)]);
    const [s1, s2, s3, s4] = await Promise.all(authors.map(async (c) => track(await connect(app.url, c))));
    const kk = await ok(s1!, 'recs:submit', { sessionId: live.sessionId, text: KK, lang: 'kk', addressee: 'Әділет министрлігі' });
    const ru = await ok(s2!, 'recs:submit', { sessionId: live.sessionId, text: RU, lang: 'ru', addressee: 'Министерство информации' });
    const dup = await ok(s3!, 'recs:submit', { sessionId: live.sessionId, text: RU_DUPLICATE, lang: 'ru' });
    const en = await ok(s4!, 'recs:submit', { sessionId: live.sessionId, text: EN, lang: 'en' });
    await ok(s1!, 'recs:submit', { sessionId: live.sessionId, text: KK_LETTERS, lang: 'kk' });
    await ok(s1!, 'recs:endorse', { recommendationId: ru.id });
    await ok(s3!, 'recs:endorse', { recommendationId: ru.id });
    await ok(s4!, 'recs:endorse', { recommendationId: kk.id });

    expect((await refused(s2!, 'recs:watchCompiles', { forumId: fx.forum.id })).code).toBe('forbidden');
    const org = track(await connect(app.url, fx.org));
    const watched = await ok(org, 'recs:watchCompiles', { forumId: fx.forum.id });
    expect(watched.compilations).toEqual([]);
    const progress: CompileProgress[] = [];
    org.on('recs:compileProgress', (p) => progress.push(p));
    const completed = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 60_000);
    expect((await fx.org.post(`/api/sessions/${live.sessionId}/end`)).status).toBe(200);
    await completed;
    // queued (API), then active steps and completed (worker, through the Redis stream).
    expect(progress[0]).toMatchObject({ state: 'queued', progress: 0, revision: 1, scope: 'session' });
    expect(progress.some((p) => p.state === 'active' && p.progress > 0 && p.progress < 100)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'completed', progress: 100 });

    const list = await fx.org.get(`/api/sessions/${live.sessionId}/compilations`);
    expect(list.status).toBe(200);
    const [v] = list.data as CompileRevisionView[];
    expect(v).toMatchObject({ revision: 1, status: 'done', reason: 'session.ended', publishedAt: null });
    expect(v!.artifacts.map((a) => a.format).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);

    const pdf = await download(fx.org, v!, 'pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Read back in slices and reassembled: the bytes are exactly those stored, checksum and all.
    const sha = createHash('sha256').update(pdf.data).digest('hex');
    expect(sha).toBe(v!.artifacts.find((a) => a.format === 'pdf')!.sha256);
    expect(pdf.headers.get('x-content-sha256')).toBe(sha);
    const text = await pdfText(pdf.data);
    for (const sentence of [KK, KK_LETTERS, RU, EN]) expect(text).toContain(sentence);
    expect(await pdfFonts(pdf.data)).toMatch(/DejaVuSans\b.*yes/);

    const docx = await download(fx.org, v!, 'docx');
    const { entries, xml } = await docxText(docx.data);
    expect(entries.split('\n')).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'word/footer1.xml']));
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:numId w:val="1"/>');
    expect(xml).toContain('<w:tbl>');
    const words = xmlText(xml);
    for (const sentence of [KK, RU, EN]) expect(words).toContain(sentence);

    const csv = (await download(fx.org, v!, 'csv')).data as Buffer;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain(KK);

    const md = (await download(fx.org, v!, 'md')).data as Buffer;
    expect(md.toString('utf8')).toContain('Қоғамдық кеңестердің шешімдерін');

    const json = await download(fx.org, v!, 'json');
    const c = Compilation.parse(json.data);
    expect(c.figures).toMatchObject({ recommendationsSubmitted: 5, recommendationsGrouped: 4 });
    // The two wordings of the Russian item are one recommendation, ranked first, both sources kept.
    expect(c.recommendations[0]!.sources.map((s) => s.id).sort()).toEqual([ru.id, dup.id].sort());
    expect(c.recommendations[0]!.support).toMatchObject({ endorsements: 2, total: 2 });
    expect(c.recommendations[0]!.addressee).toBe('Министерство информации');
    expect(c.recommendations.flatMap((r) => r.sources.map((s) => s.id))).toContain(en.id);
    expect(c.sessions[0]!.moderators).toHaveLength(1);
  });

  it('lets a citizen download a compilation only once an organizer publishes it', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const someone = await citizen(app);
    const s = track(await connect(app.url, someone));
    await ok(s, 'recs:submit', { sessionId: live.sessionId, text: RU, lang: 'ru' });
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const done = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 60_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await done;

    const reader = await citizen(app);
    expect((await reader.get(`/api/sessions/${live.sessionId}/compilations/1/pdf`)).status).toBe(403);
    expect((await reader.get(`/api/sessions/${live.sessionId}/compilations/latest/json`)).status).toBe(404);
    expect((await reader.get(`/api/sessions/${live.sessionId}/compilations`)).data).toEqual([]);
    // A moderator of the session is not an organizer either.
    expect((await live.moderator.get(`/api/sessions/${live.sessionId}/compilations/1/md`)).status).toBe(403);
    expect((await reader.put(`/api/sessions/${live.sessionId}/compilations/1/published`, { published: true })).status).toBe(403);

    const pub = await live.fx.org.put(`/api/sessions/${live.sessionId}/compilations/1/published`, { published: true });
    expect(pub.status).toBe(200);
    expect(pub.data.publishedAt).not.toBeNull();
    const got = await reader.get(`/api/sessions/${live.sessionId}/compilations/latest/csv`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(/attachment; filename="birge-.*-r1\.csv"/);
    expect((await reader.get(`/api/sessions/${live.sessionId}/compilations`)).data).toHaveLength(1);

    const audit = await app.core.audit.list({ forumId: live.fx.forum.id, sessionId: live.sessionId, domain: 'recs' });
    expect(audit.map((a) => a.action)).toContain('compile.publish');
  });

  it('streams a file larger than one read slice whole, and answers a reader who has it already with 304 and no body', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const done = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 60_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await done;
    // A Markdown file of about 700 KB (three of the store's 256 KB slices), Kazakh letters across the slice borders.
    const big = Buffer.from(`${KK}\n`.repeat(4_500), 'utf8');
    const sha = createHash('sha256').update(big).digest('hex');
    await app.core.db.query(
      `update compile_artifacts set bytes = $1, size = $2, sha256 = $3
        where format = 'md' and revision_id = (select id from compile_revisions where session_id = $4 and revision = 1)`,
      [big, big.length, sha, live.sessionId],
    );
    const path = `/api/sessions/${live.sessionId}/compilations/1/md`;
    const got = await live.fx.org.get(path);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(big.length));
    expect(got.headers.get('etag')).toBe(`"${sha}"`);
    expect(Buffer.compare(got.data as Buffer, big)).toBe(0);

    // As a browser revalidates its cached copy (fetch() would add Cache-Control: no-cache to a conditional request).
    const revalidate = (etag: string) =>
      new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
        const req = httpGet(`${app.url}${path}`, { headers: { cookie: live.fx.org.cookieHeader, 'if-none-match': etag } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts) }));
        });
        req.on('error', reject);
      });
    const again = await revalidate(`"${sha}"`);
    expect(again).toEqual({ status: 304, body: Buffer.alloc(0) });
    const changed = await revalidate('"an-older-version"');
    expect(changed.status).toBe(200);
    expect(createHash('sha256').update(changed.body).digest('hex')).toBe(sha);
  });

  it('recompiles after a late edit into a new revision while the old one stays downloadable', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const c = track(await connect(app.url, await citizen(app)));
    const item = await ok(c, 'recs:submit', { sessionId: live.sessionId, text: EN, lang: 'en' });
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const first = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 60_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await first;

    // Nothing changed: asking again gives back revision 1.
    const same = await live.fx.org.post(`/api/sessions/${live.sessionId}/compilations/recompile`);
    expect(same.status).toBe(202);
    expect(same.data).toMatchObject({ revision: 1, status: 'done' });

    const mod = track(await connect(app.url, live.moderator));
    await ok(mod, 'recs:edit', { recommendationId: item.id, text: 'Give public councils their own budget.', reason: 'shorter' });
    const second = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.revision === 2 && p.state === 'completed', 60_000);
    const again = await live.fx.org.post(`/api/sessions/${live.sessionId}/compilations/recompile`);
    expect(again.data).toMatchObject({ revision: 2, reason: 'recompile' });
    await second;

    const r1 = await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations/1/md`);
    const r2 = await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations/2/md`);
    expect(r1.data.toString('utf8')).toContain('Give public councils a budget of their own');
    expect(r2.data.toString('utf8')).toContain('Give public councils their own budget.');
    const list = (await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
    expect(list.map((r) => [r.revision, r.status])).toEqual([
      [2, 'done'],
      [1, 'done'],
    ]);
    expect(list[0]!.inputHash).not.toBe(list[1]!.inputHash);
  });

  it('refuses to recompile a session that has not ended, and a citizen asking', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    expect((await live.fx.org.post(`/api/sessions/${live.sessionId}/compilations/recompile`)).status).toBe(409);
    expect((await (await citizen(app)).post(`/api/sessions/${live.sessionId}/compilations/recompile`)).status).toBe(403);
  });
});
