import { describe, expect, it } from 'vitest';
import { ChannelChanged, HandedOver } from '../../common/interpretation.contract';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import { Client } from '../helpers/http';
import { ask, nextEvent } from './streaming-fixtures';
import { withSignalingApp } from './signaling.support';

const harness = withSignalingApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
const { socketOf } = harness;

const opus = (ssrc: number) => ({ codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] });

async function liveSession(): Promise<ForumFixture> {
  const app = harness.app();
  const fx = await forumWithSession(app);
  await goLive(fx);
  return fx;
}

/** Joined the media room with a send transport (the caller must be allowed one). */
async function booth(fx: ForumFixture, client: Client) {
  const socket = await socketOf(client);
  const sessionId = fx.session.id;
  expect((await ask(socket, 'session:join', { sessionId })).ok).toBe(true);
  expect((await ask(socket, 'stream:join', { sessionId })).ok).toBe(true);
  const send = await ask(socket, 'stream:createTransport', { sessionId, direction: 'send' });
  if (!send.ok) throw new Error(JSON.stringify(send.error));
  const produce = (lang: 'kk' | 'ru' | 'en', ssrc: number) =>
    ask(socket, 'stream:produce', { sessionId, transportId: send.data.id, kind: 'audio', source: 'interpretation', channel: lang, rtpParameters: opus(ssrc) });
  return { socket, produce };
}

describe('interpreter invites', () => {
  it('needs a target language for interpreters and captioners, and refuses one for other roles', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const url = `/api/forums/${fx.forum.id}/invites`;
    expect((await fx.org.post(url, { role: 'interpreter', sessionId: fx.session.id })).status).toBe(400);
    expect((await fx.org.post(url, { role: 'moderator', sessionId: fx.session.id, language: 'kk' })).status).toBe(400);
    const inv = await fx.org.post(url, { role: 'interpreter', sessionId: fx.session.id, language: 'ru' });
    expect(inv.status).toBe(201);
    const c = new Client(app.url);
    const r = await c.post('/api/invites/accept', { token: inv.data.token, displayName: 'Аудармашы Гүлнар' });
    expect(r.data.grants).toEqual([{ role: 'interpreter', forumId: fx.forum.id, sessionId: fx.session.id, language: 'ru' }]);
    // The same person interprets into a second language: a second grant, not a clash.
    const again = await fx.org.post(url, { role: 'interpreter', language: 'kk' });
    expect((await c.post('/api/invites/accept', { token: again.data.token, displayName: 'x' })).status).toBe(200);
    expect((await c.get('/api/me')).data.grants.map((g: { language: string }) => g.language).sort()).toEqual(['kk', 'ru']);
  });
});

describe('publishing into a language channel', () => {
  it('refuses a citizen a send transport, and a speaker or an interpreter of another language the channel', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const viewer = await socketOf(await citizen(app));
    expect((await ask(viewer, 'stream:join', { sessionId: fx.session.id })).ok).toBe(true);
    expect(await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(viewer, 'interp:booth', { sessionId: fx.session.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const speaker = await booth(fx, await invited(app, fx, 'speaker'));
    expect(await speaker.produce('kk', 501)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const ru = await booth(fx, await invited(app, fx, 'interpreter', fx.session.id, 'ru'));
    expect(await ru.produce('kk', 502)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(ru.socket, 'interp:onAir', { sessionId: fx.session.id, lang: 'kk' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A track is either an interpretation with its channel or none.
    const mixed = await ask(ru.socket, 'stream:produce', { sessionId: fx.session.id, transportId: 'x', kind: 'audio', source: 'mic', channel: 'ru', rtpParameters: opus(503) });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expect(app.services.streaming.channels.views(fx.session.id)).resolves.toEqual([]);
  });

  it('opens the channel, puts interpreters on air in turn, tells the one handed over, and records the turns', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const listener = await socketOf(await citizen(app));
    expect((await ask(listener, 'session:join', { sessionId })).ok).toBe(true);
    // Languages with interpreters show up before anyone is in the booth.
    const first = await invited(app, fx, 'interpreter', sessionId, 'kk');
    expect(await ask(listener, 'interp:channels', { sessionId })).toEqual({ ok: true, data: { sessionId, channels: [{ lang: 'kk', producerId: null, live: false, interpreter: null }] } });

    const a = await booth(fx, first);
    const opened = nextEvent(listener, 'interp:channel');
    expect((await a.produce('kk', 601)).ok).toBe(true);
    const channel = ChannelChanged.parse(await opened).channel;
    expect(channel).toMatchObject({ lang: 'kk', live: false });
    expect(channel.producerId).toEqual(expect.any(String));
    // Not a speaker's track: not listed among them, but consumable by id.
    const joined = await ask(listener, 'stream:join', { sessionId });
    expect(joined.ok && joined.data.producers).toEqual([]);

    const live = nextEvent(listener, 'interp:channel');
    expect(await ask(a.socket, 'interp:onAir', { sessionId, lang: 'kk' })).toMatchObject({ ok: true, data: { live: true, producerId: channel.producerId } });
    expect(ChannelChanged.parse(await live).channel).toMatchObject({ live: true, producerId: channel.producerId });

    const b = await booth(fx, await invited(app, fx, 'interpreter', null, 'kk'));
    expect((await b.produce('kk', 602)).ok).toBe(true);
    const told = nextEvent(a.socket, 'interp:handedOver');
    const took = await ask(b.socket, 'interp:onAir', { sessionId, lang: 'kk' });
    expect(took).toMatchObject({ ok: true, data: { live: true, producerId: channel.producerId } });
    const handed = HandedOver.parse(await told);
    expect(handed).toMatchObject({ sessionId, lang: 'kk' });
    expect(handed.to.displayName).toMatch(/^interpreter /);

    expect((await ask(b.socket, 'interp:offAir', { sessionId, lang: 'kk' })).ok).toBe(true);
    await app.services.interpretation.settled();
    const { rows } = await app.core.db.query<{ ended: boolean }>('select ended_at is not null as ended from interpretation_turns where session_id = $1 order by started_at', [sessionId]);
    expect(rows.map((r) => r.ended)).toEqual([true, true]);
    expect(await app.services.interpretation.interpreted([sessionId])).toEqual(['kk']);

    // An interpreter whose session ended cannot go on air again.
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    expect(await ask(a.socket, 'interp:onAir', { sessionId, lang: 'kk' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });
});
