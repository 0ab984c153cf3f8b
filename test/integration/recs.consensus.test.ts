/**
 * Organizations and consensus end to end, with a real worker process: a representative
 * registers, an organizer confirms, the representative's recommendation carries the
 * organization in the PDF and the JSON; 40 citizens in two planted camps rate the items
 * and the compile finds two groups, one consensus item and divisive ones.
 */
import { describe, expect, it } from 'vitest';
import type { RegistrationView } from '../../common/organizations.contract';
import type { CompileRevisionView } from '../../common/recs.contract';
import type { Compilation } from '../../common/compilation.contract';
import { generatedText, prng } from '../../bench/compile-data';
import { citizen } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { eventually } from '../helpers/wait-for';
import { connect, liveSession, ok } from './qa.support';
import { docxText, pdfText, xmlText } from './recs.support';
import { withCompileWorker } from './compile.support';

const harness = withCompileWorker({ COMPILE_LOCK_MS: '5000', RECS_PER_MINUTE: '30', QA_IP_ACTIONS_PER_MINUTE: '100000' });
const { track } = harness;

const ORG_KK = 'Ашық қоғам қоры';
const EVERYONE = 'Әкімдіктердің барлық шешімдерін ашық деректер порталында бір апта ішінде жариялау.';

/** Rates over HTTP; resolves once stored. */
async function rate(who: Client, recommendationId: string, value: 'agree' | 'disagree' | 'pass') {
  const r = await who.put(`/api/recommendations/${recommendationId}/rating`, { value });
  if (r.status !== 200) throw new Error(`rating refused: ${JSON.stringify(r.data)}`);
}

describe('organizations and consensus in a compiled session', () => {
  it('shows the organization behind a representative\'s item and finds the planted opinion groups', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const { fx } = live;

    // Registration → confirmation.
    const rep = await citizen(app);
    const reg = await rep.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, {
      organization: { name: { kk: ORG_KK, ru: 'Фонд «Открытое общество»' }, kind: 'ngo', region: 'karaganda', contactEmail: 'office@open-society.kz' },
    });
    expect(reg.status).toBe(201);
    const [pending] = (await fx.org.get(`/api/forums/${fx.forum.id}/organizations/registrations?status=pending`)).data as RegistrationView[];
    expect((await fx.org.post(`/api/organizations/registrations/${pending!.id}/decision`, { decision: 'confirm' })).status).toBe(200);

    // Items: 18 split ones from one citizen, the everyone-agrees one from the representative.
    const author = track(await connect(app.url, await citizen(app)));
    const rand = prng(21);
    const split: string[] = [];
    for (let i = 0; i < 18; i++) split.push((await ok(author, 'recs:submit', { sessionId: live.sessionId, text: generatedText(rand, 'ru'), lang: 'ru' })).id);
    const repSocket = track(await connect(app.url, rep));
    const everyone = await ok(repSocket, 'recs:submit', { sessionId: live.sessionId, text: EVERYONE, lang: 'kk', addressee: 'Әділет министрлігі' });
    expect(everyone.organization?.name.kk).toBe(ORG_KK);

    // Two camps of 20: camp 0 agrees with items 0–8 and rejects 9–17, camp 1 the reverse; all agree with the last.
    const cells = prng(4);
    const raters = await Promise.all(Array.from({ length: 40 }, () => citizen(app)));
    await Promise.all(
      raters.map(async (c, p) => {
        for (let i = 0; i < 18; i++) if (cells() < 0.85) await rate(c, split[i]!, (i < 9) === (p % 2 === 0) ? 'agree' : 'disagree');
        await rate(c, everyone.id, 'agree');
      }),
    );

    expect((await fx.org.post(`/api/sessions/${live.sessionId}/end`)).status).toBe(200);
    const v = await eventually(async () => {
      const list = (await fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
      return list.find((x) => x.status === 'done');
    }, 60_000, 200);

    const json = (await fx.org.get(`/api/sessions/${live.sessionId}/compilations/${v.revision}/json`)).data as Compilation;
    const item = json.recommendations.find((r) => r.sources.some((s) => s.id === everyone.id))!;
    const orgId = (reg.data as { organization: { id: string } }).organization.id;
    expect(item.sources.find((s) => s.id === everyone.id)!.organizationId).toBe(orgId);
    expect(item.organizations).toContain(orgId);
    expect(json.organizations).toEqual([{ id: orgId, name: ORG_KK, kind: 'ngo', region: 'karaganda' }]);
    expect(json.participation).toMatchObject({ organizations: 1, byKind: { ngo: 1 }, byRegion: { karaganda: 1 }, raters: 40 });
    expect(json.opinionGroups?.groups).toHaveLength(2);
    expect(item.consensus).toMatchObject({ agree: 40, mark: 'consensus' });
    const marks = split.map((id) => json.recommendations.find((r) => r.sources.some((s) => s.id === id))!.consensus?.mark);
    expect(marks.filter((m) => m === 'divisive').length).toBeGreaterThanOrEqual(16);

    const pdf = await pdfText((await fx.org.get(`/api/sessions/${live.sessionId}/compilations/${v.revision}/pdf`)).data as Buffer);
    expect(pdf).toContain(ORG_KK);
    expect(pdf).toContain('кең келісім');
    expect(pdf).toContain('Қарағанды облысы');
    // The opinion-group map's legend is text in the PDF.
    expect(pdf).toContain('Пікір топтары');
    expect(pdf).toMatch(/Топ A: \d+/);
    // The DOCX draws the same map as a chart part of its own, and names the organization too.
    const docx = await docxText((await fx.org.get(`/api/sessions/${live.sessionId}/compilations/${v.revision}/docx`)).data as Buffer);
    expect(docx.entries.split('\n')).toContain('word/charts/chart1.xml');
    expect(docx.xml).toContain('name="Chart 1"');
    expect(xmlText(docx.xml)).toContain(ORG_KK);
    expect(xmlText(docx.xml)).toContain('кең келісім');
  }, 120_000);
});
