import { WebVTTParser } from 'webvtt-parser';
import { describe, expect, it } from 'vitest';
import type { CaptionLine } from '../../common/captions.contract';
import { LiveFrame } from '../../common/live.contract';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import { expectAsDocumented } from '../helpers/openapi';
import { eventually } from '../helpers/wait-for';
import { ask, type TestSocket } from './streaming-fixtures';
import { withSignalingApp } from './signaling.support';

const harness = withSignalingApp();
const { socketOf } = harness;

async function liveSession(): Promise<ForumFixture> {
  const app = harness.app();
  const fx = await forumWithSession(app);
  await goLive(fx);
  return fx;
}

/** Collects the caption lines of a socket's live frames. */
function collect(socket: TestSocket): CaptionLine[] {
  const lines: CaptionLine[] = [];
  socket.on('live:frame', (raw) => lines.push(...(LiveFrame.parse(raw).captions?.lines ?? [])));
  return lines;
}

describe('live captions', () => {
  it('sends a captioner\'s lines to every viewer in order, stores them, and applies a correction', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const captioner = await socketOf(await invited(app, fx, 'captioner', sessionId, 'kk'), sessionId);
    const viewers = [await socketOf(await citizen(app), sessionId), await socketOf(await citizen(app), sessionId)];
    const seen = viewers.map(collect);
    expect(await ask(viewers[0]!, 'caption:tracks', { sessionId })).toEqual({ ok: true, data: { sessionId, languages: ['kk'] } });

    const texts = ['Құрметті әріптестер,', 'бүгін біз қоғамдық кеңестердің', 'тиімділігін талқылаймыз.', 'Сөз министрге беріледі.'];
    // Sent without waiting for each ack, as a fast typist's lines would be.
    const acks = await Promise.all(texts.map((text) => ask(captioner, 'caption:send', { sessionId, lang: 'kk', text })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const fix = acks[1]!.ok ? acks[1]!.data : undefined;
    const corrected = await ask(captioner, 'caption:correct', { sessionId, lineId: fix!.id, text: 'бүгін біз қоғамдық кеңестердің жұмысын' });
    expect(corrected).toMatchObject({ ok: true, data: { seq: 2, revision: 2 } });
    await eventually(async () => seen.every((lines) => lines.length >= 5));
    for (const lines of seen) {
      expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 2]);
      expect(lines.slice(0, 4).map((l) => l.text)).toEqual(texts);
      expect(lines[4]).toMatchObject({ seq: 2, revision: 2, text: 'бүгін біз қоғамдық кеңестердің жұмысын' });
    }
    const recent = await ask(viewers[0]!, 'caption:recent', { sessionId, lang: 'kk', after: 2 });
    expect(recent.ok && recent.data.lines.map((l) => l.seq)).toEqual([3, 4]);
  });

  it('refuses a citizen, a viewer, and a captioner of another language, and lines after the end', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const someone = await socketOf(await citizen(app), sessionId);
    expect(await ask(someone, 'caption:send', { sessionId, lang: 'kk', text: 'Сәлем' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(someone, 'caption:booth', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ru = await socketOf(await invited(app, fx, 'captioner', sessionId, 'ru'), sessionId);
    expect(await ask(ru, 'caption:send', { sessionId, lang: 'kk', text: 'Сәлем' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(ru, 'caption:send', { sessionId, lang: 'ru', text: 'строка\nс переводом' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const sent = await ask(ru, 'caption:send', { sessionId, lang: 'ru', text: 'Добрый день.' });
    expect(sent.ok).toBe(true);
    const kk = await socketOf(await invited(app, fx, 'captioner', sessionId, 'kk'), sessionId);
    if (sent.ok) expect(await ask(kk, 'caption:correct', { sessionId, lineId: sent.data.id, text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    expect(await ask(ru, 'caption:send', { sessionId, lang: 'ru', text: 'Поздно.' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('gives the stored lines back as a valid WebVTT file and a timed transcript, to organizers until published', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const captioner = await socketOf(await invited(app, fx, 'captioner', sessionId, 'ru'), sessionId);
    const texts = ['Уважаемые коллеги!', 'Вопрос <важный> & срочный: --> что дальше?', 'Спасибо.'];
    for (const text of texts) expect((await ask(captioner, 'caption:send', { sessionId, lang: 'ru', text })).ok).toBe(true);

    const anyone = await citizen(app);
    expect((await anyone.get(`/api/sessions/${sessionId}/captions/ru/vtt`)).status).toBe(403);
    const vtt = await fx.org.get(`/api/sessions/${sessionId}/captions/ru/vtt`);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    await expectAsDocumented(app.url, 'GET', '/api/sessions/{sessionId}/captions/{lang}/{format}', vtt);
    const parsed = new WebVTTParser().parse((vtt.data as Buffer).toString('utf8'), 'subtitles');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => c.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))).toEqual(texts);
    for (const [i, c] of parsed.cues.entries()) {
      expect(c.endTime).toBeGreaterThan(c.startTime);
      if (i > 0) expect(c.startTime).toBeGreaterThanOrEqual(parsed.cues[i - 1]!.startTime);
    }
    const txt = await fx.org.get(`/api/sessions/${sessionId}/captions/ru/txt`);
    await expectAsDocumented(app.url, 'GET', '/api/sessions/{sessionId}/captions/{lang}/{format}', txt);
    expect((txt.data as Buffer).toString('utf8')).toMatch(/^\[\d\d:\d\d:\d\d\] Уважаемые коллеги!$/m);
    expect((await fx.org.get(`/api/sessions/${sessionId}/captions/kk/vtt`)).status).toBe(404);

    expect((await anyone.put(`/api/sessions/${sessionId}/captions/published`, { published: true })).status).toBe(403);
    const pub = await fx.org.put(`/api/sessions/${sessionId}/captions/published`, { published: true });
    expect(pub.data).toEqual({ sessionId, published: true, languages: [{ lang: 'ru', lines: 3 }] });
    expect((await anyone.get(`/api/sessions/${sessionId}/captions/ru/vtt`)).status).toBe(200);
    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId, domain: 'captions' });
    expect(audit.map((a) => a.action)).toEqual(['transcripts.publish']);
  });
});
