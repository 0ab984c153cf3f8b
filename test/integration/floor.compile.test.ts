/**
 * The compiled documents of a session where citizens took the floor say who spoke, on what,
 * for how long, in every format (PDF text, DOCX, Markdown, CSV, JSON).
 */
import { describe, expect, it } from 'vitest';
import { Compilation } from '../../common/compilation.contract';
import { joined, liveSession, namedCitizen, ok } from './qa.support';
import { docxText, pdfText, run, tempFile, xmlText } from './recs.support';
import { endAndCompile, withCompileWorker } from './compile.support';

const harness = withCompileWorker({ COMPILE_LOCK_MS: '5000' });
const { track } = harness;

describe('compiled documents of a session where citizens took the floor', () => {
  it('list each turn with its speaker, organization, topic and length in the PDF, DOCX, Markdown, CSV and JSON', async () => {
    const app = harness.app();
    const { fx, sessionId, moderator } = await liveSession(app);
    const mod = await joined(app, sessionId, moderator);
    track(mod);

    // A confirmed representative and a citizen naming their own organization.
    const rep = await namedCitizen(app, 'Айгерім Сәрсенова');
    const reg = await rep.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, {
      organization: { name: { kk: 'Таза су қоғамы' }, kind: 'ngo', region: 'astana', contactEmail: 'su@example.kz' },
    });
    expect((await fx.org.post(`/api/organizations/registrations/${reg.data.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    const other = await namedCitizen(app, 'Сергей Ким');
    const turns: [typeof rep, string, string | undefined][] = [
      [rep, 'Ауыл тұрғындарына таза ауыз су', undefined],
      [other, 'Открытые данные общественных советов', 'Молодёжный центр'],
    ];
    for (const [who, topic, organization] of turns) {
      const s = await joined(app, sessionId, who);
      track(s);
      const r = await ok(s, 'floor:ask', { sessionId, topic, ...(organization ? { organization } : {}) });
      await ok(mod, 'floor:invite', { requestId: r.id });
      await ok(mod, 'floor:onAir', { requestId: r.id, seconds: 120 });
      await ok(mod, 'floor:end', { requestId: r.id });
    }
    // One more is only queued when the session ends: it never took the floor.
    const late = await joined(app, sessionId, await namedCitizen(app, 'Кеш қалған'));
    track(late);
    await ok(late, 'floor:ask', { sessionId, topic: 'Ешқашан айтылмаған тақырып' });

    const { download, get } = await endAndCompile(harness, fx, sessionId);

    const c = Compilation.parse((await download('json')).data);
    const floor = c.sessions[0]!.floor;
    expect(floor.map((t) => [t.speaker, t.topic, t.organization])).toEqual([
      ['Айгерім Сәрсенова', 'Ауыл тұрғындарына таза ауыз су', null],
      ['Сергей Ким', 'Открытые данные общественных советов', 'Молодёжный центр'],
    ]);
    expect(floor.every((t) => t.seconds !== null && t.seconds >= 1 && t.seconds < 120)).toBe(true);
    const water = c.organizations.find((o) => o.id === floor[0]!.organizationId);
    expect(water?.name).toBe('Таза су қоғамы');

    // The forum's first language is Kazakh: so are the document's headings.
    const pdf = (await pdfText(await get('pdf'))).replace(/\s+/g, ' ');
    expect(pdf).toContain('Сөз алғандар');
    expect(pdf).toMatch(/Залдан сөз алғандар 2/);
    expect(pdf).toContain('Ауыл тұрғындарына таза ауыз су');
    expect(pdf).toContain('Сөйлеуші: Айгерім Сәрсенова (Таза су қоғамы)');
    expect(pdf).toContain('Сөйлеуші: Сергей Ким (Молодёжный центр)');
    expect(pdf).not.toContain('Ешқашан айтылмаған тақырып');
    const md = (await get('md')).toString('utf8');
    expect(md).toContain('Открытые данные общественных советов');
    // Markdown escapes the brackets.
    expect(md).toContain('Сөйлеуші: Сергей Ким \\(Молодёжный центр\\)');
    // The CSV's floor table follows the recommendations after an empty line, the participation figures after it (parsed as a spreadsheet would).
    const csv = (await get('csv')).toString('utf8');
    const floorTable = csv.slice(csv.indexOf('turn_number,'));
    const file = await tempFile('floor.csv', Buffer.from(floorTable.slice(0, floorTable.indexOf('\r\n\r\n') + 2), 'utf8'));
    const read = 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))';
    const [header, ...rows] = JSON.parse((await run('python3', ['-c', read, file])).stdout) as string[][];
    expect(header).toEqual(['turn_number', 'session_id', 'started_at', 'seconds', 'speaker', 'organization', 'topic']);
    expect(rows.map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual([
      ['1', sessionId, 'Айгерім Сәрсенова', 'Таза су қоғамы', 'Ауыл тұрғындарына таза ауыз су'],
      ['2', sessionId, 'Сергей Ким', 'Молодёжный центр', 'Открытые данные общественных советов'],
    ]);
    const docx = await docxText(await get('docx'));
    expect(xmlText(docx.xml)).toContain('Сөйлеуші: Айгерім Сәрсенова (Таза су қоғамы)');
  });
});
