import { describe, expect, it } from 'vitest';
import { FloorQueueView, FloorRequestView, StageView } from '../../common/floor.contract';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { eventually } from '../helpers/wait-for';
import { ask, nextEvent, type TestSocket } from './streaming-fixtures';
import { withSignalingApp } from './signaling.support';

const harness = withSignalingApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
const { socketOf } = harness;

/** A citizen with a display name, in the session room. */
async function named(fx: ForumFixture, name: string): Promise<{ client: Client; socket: TestSocket; id: string }> {
  const app = harness.app();
  const client = await citizen(app);
  const me = await client.put('/api/me/name', { displayName: name });
  expect(me.status).toBe(200);
  return { client, socket: await socketOf(client, fx.session.id), id: me.data.id as string };
}

async function liveSession(): Promise<ForumFixture & { mod: TestSocket }> {
  const app = harness.app();
  const fx = await forumWithSession(app);
  await goLive(fx);
  return { ...fx, mod: await socketOf(await invited(app, fx, 'moderator'), fx.session.id) };
}

function ok<T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

const opus = (ssrc: number) => ({ codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] });
const vp8 = (ssrc: number) => ({ codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] });

describe('the floor queue', () => {
  it('lists requests in order of asking, live to moderators, and lets them reorder, decline with a reason and invite', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const a = await named(fx, 'Айгерім');
    const b = await named(fx, 'Бауыржан');
    const c = await named(fx, 'Сергей');

    const pushed = nextEvent(fx.mod, 'floor:queueChanged');
    const first = FloorRequestView.parse(ok(await ask(a.socket, 'floor:ask', { sessionId, topic: 'Ауыл мектептеріне интернет', organization: 'Жастар орталығы' })));
    expect(first).toMatchObject({ status: 'queued', position: 0, person: { id: a.id, displayName: 'Айгерім' }, organization: 'Жастар орталығы', org: null });
    expect(FloorQueueView.parse(await pushed).requests.map((r) => r.id)).toEqual([first.id]);
    const second = ok(await ask(b.socket, 'floor:ask', { sessionId, topic: 'Общественные советы' }));
    const third = ok(await ask(c.socket, 'floor:ask', { sessionId, topic: 'Open data' }));
    expect(second.position).toBe(1);

    // One open request per person.
    expect(await ask(a.socket, 'floor:ask', { sessionId, topic: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Two lines are not one line.
    expect(await ask(b.socket, 'floor:ask', { sessionId, topic: 'one\ntwo' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const queue = FloorQueueView.parse(ok(await ask(fx.mod, 'floor:queue', { sessionId })));
    expect(queue.requests.map((r) => [r.id, r.position])).toEqual([[first.id, 0], [second.id, 1], [third.id, 2]]);

    // The third goes first.
    const moved = ok(await ask(fx.mod, 'floor:move', { requestId: third.id, position: 0 }));
    expect(moved.requests.map((r) => r.id)).toEqual([third.id, first.id, second.id]);
    expect(moved.version).toBeGreaterThan(queue.version);
    // Past the end means last.
    expect(ok(await ask(fx.mod, 'floor:move', { requestId: third.id, position: 99 })).requests.map((r) => r.id)).toEqual([first.id, second.id, third.id]);

    const told = nextEvent(b.socket, 'floor:requestChanged');
    const declined = ok(await ask(fx.mod, 'floor:decline', { requestId: second.id, reason: 'Эта тема уже обсуждалась' }));
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Эта тема уже обсуждалась', position: null });
    expect(FloorRequestView.parse(await told)).toMatchObject({ id: second.id, status: 'declined', declineReason: 'Эта тема уже обсуждалась' });
    expect(ok(await ask(b.socket, 'floor:mine', { sessionId }))).toMatchObject({ status: 'declined' });

    const invitedNote = nextEvent(a.socket, 'floor:requestChanged');
    expect(ok(await ask(fx.mod, 'floor:invite', { requestId: first.id }))).toMatchObject({ status: 'invited', invitedAt: expect.any(String) });
    expect(await invitedNote).toMatchObject({ status: 'invited' });
    // A declined request cannot be invited; an invited one cannot be invited twice.
    expect(await ask(fx.mod, 'floor:invite', { requestId: second.id })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await ask(fx.mod, 'floor:invite', { requestId: first.id })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const after = ok(await ask(fx.mod, 'floor:queue', { sessionId }));
    expect(after.requests.map((r) => [r.id, r.status, r.position])).toEqual([[third.id, 'queued', 0], [first.id, 'invited', null]]);

    // Withdrawn by its author.
    expect(ok(await ask(c.socket, 'floor:withdraw', { requestId: third.id }))).toMatchObject({ status: 'withdrawn' });

    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId, domain: 'floor' });
    expect(audit.map((e) => e.action)).toEqual(['floor.move', 'floor.move', 'floor.decline', 'floor.invite', 'floor.withdraw']);
    expect(audit[2]).toMatchObject({ targetId: second.id, reason: 'Эта тема уже обсуждалась' });
  });

  it('attaches a confirmed representative’s organization', async () => {
    const fx = await liveSession();
    const a = await named(fx, 'Әсел');
    const reg = await a.client.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, {
      organization: { name: { kk: 'Эко қоғамы' }, kind: 'ngo', region: 'astana', contactEmail: 'eco@example.kz' },
    });
    expect(reg.status).toBe(201);
    expect((await fx.org.post(`/api/organizations/registrations/${reg.data.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    const r = ok(await ask(a.socket, 'floor:ask', { sessionId: fx.session.id, topic: 'Таза ауа' }));
    expect(r.org).toMatchObject({ name: { kk: 'Эко қоғамы' }, kind: 'ngo', region: 'astana' });
  });
});

describe('who may do what with the floor', () => {
  it('needs a display name and a live session to ask', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const anonymous = await socketOf(await citizen(app), fx.session.id);
    expect(await ask(anonymous, 'floor:ask', { sessionId: fx.session.id, topic: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const a = await named(fx, 'Ерлан');
    expect(await ask(a.socket, 'floor:ask', { sessionId: fx.session.id, topic: 'before the start' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('refuses a citizen every moderator action, on their own request too, and another citizen’s withdrawal', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const a = await named(fx, 'Дана');
    const other = await named(fx, 'Марат');
    const mine = ok(await ask(a.socket, 'floor:ask', { sessionId: fx.session.id, topic: 'Су тарифтері' }));
    const requestId = mine.id;
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await ask(a.socket, 'floor:queue', { sessionId: fx.session.id })).toMatchObject(forbidden);
    expect(await ask(a.socket, 'floor:move', { requestId, position: 0 })).toMatchObject(forbidden);
    expect(await ask(a.socket, 'floor:invite', { requestId })).toMatchObject(forbidden);
    ok(await ask(fx.mod, 'floor:invite', { requestId }));
    // Invited, still not on stage by their own hand.
    expect(await ask(a.socket, 'floor:onAir', { requestId })).toMatchObject(forbidden);
    expect(await ask(a.socket, 'floor:onAir', { requestId, seconds: 600 })).toMatchObject(forbidden);
    ok(await ask(fx.mod, 'floor:onAir', { requestId }));
    expect(await ask(a.socket, 'floor:extend', { requestId, seconds: 60 })).toMatchObject(forbidden);
    expect(await ask(a.socket, 'floor:mute', { requestId, muted: false })).toMatchObject(forbidden);
    expect(await ask(a.socket, 'floor:decline', { requestId, reason: 'no' })).toMatchObject(forbidden);
    expect(await ask(other.socket, 'floor:end', { requestId })).toMatchObject(forbidden);
    expect(await ask(other.socket, 'floor:withdraw', { requestId })).toMatchObject(forbidden);
    // A speaker is no moderator either.
    const speaker = await socketOf(await invited(app, fx, 'speaker'), fx.session.id);
    expect(await ask(speaker, 'floor:end', { requestId })).toMatchObject(forbidden);
    expect(ok(await ask(a.socket, 'floor:mine', { sessionId: fx.session.id }))).toMatchObject({ status: 'live' });
  });
});

/** The citizen's media: joined, a send transport once allowed, and a producer per kind. */
async function media(socket: TestSocket, sessionId: string) {
  ok(await ask(socket, 'stream:join', { sessionId }));
  const transport = async () => ok(await ask(socket, 'stream:createTransport', { sessionId, direction: 'send' })).id;
  const produce = (transportId: string, kind: 'audio' | 'video', ssrc: number) =>
    ask(socket, 'stream:produce', { sessionId, transportId, kind, source: kind === 'audio' ? 'mic' : 'camera', rtpParameters: kind === 'audio' ? opus(ssrc) : vp8(ssrc) });
  return { transport, produce };
}

describe('the publish right of a turn', () => {
  it('is nothing without an invitation, backstage in the green room, on stage on air, and gone when the turn ends', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const a = await named(fx, 'Нұрлан');
    const viewer = await socketOf(await citizen(app), sessionId);
    ok(await ask(viewer, 'stream:join', { sessionId }));
    ok(await ask(viewer, 'stream:createTransport', { sessionId, direction: 'recv' }));
    ok(await ask(fx.mod, 'stream:join', { sessionId }));

    const mine = ok(await ask(a.socket, 'floor:ask', { sessionId, topic: 'Жол қауіпсіздігі' }));
    const m = await media(a.socket, sessionId);
    // Asking is not being invited: no send transport.
    expect(await ask(a.socket, 'stream:createTransport', { sessionId, direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    ok(await ask(fx.mod, 'floor:invite', { requestId: mine.id }));
    const transportId = await m.transport();
    // Only a microphone and a camera.
    expect(await ask(a.socket, 'stream:produce', { sessionId, transportId, kind: 'video', source: 'screen', rtpParameters: vp8(9) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const toStaff = nextEvent(fx.mod, 'stream:producerAdded');
    const mic = ok(await m.produce(transportId, 'audio', 701)).producerId;
    expect(await toStaff).toMatchObject({ producer: { id: mic, floor: { requestId: mine.id, backstage: true } } });
    const cam = ok(await m.produce(transportId, 'video', 702)).producerId;

    // The green room: the viewer neither sees nor can consume the tracks.
    const rejoined = ok(await ask(viewer, 'stream:join', { sessionId }));
    expect(rejoined.producers.map((p) => p.id)).toEqual([]);
    const recv = ok(await ask(viewer, 'stream:createTransport', { sessionId, direction: 'recv' })).id;
    const caps = rejoined.routerRtpCapabilities as { codecs: unknown[] };
    expect(await ask(viewer, 'stream:consume', { sessionId, transportId: recv, producerId: mic, rtpCapabilities: { codecs: caps.codecs as never } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const modRecv = ok(await ask(fx.mod, 'stream:createTransport', { sessionId, direction: 'recv' })).id;
    expect(ok(await ask(fx.mod, 'stream:consume', { sessionId, transportId: modRecv, producerId: mic, rtpCapabilities: { codecs: caps.codecs as never } }))).toMatchObject({ producerId: mic });

    // On air: everyone is told, with the countdown.
    const added = nextEvent(viewer, 'stream:producerAdded');
    const stage = nextEvent(viewer, 'floor:stageChanged');
    const live = ok(await ask(fx.mod, 'floor:onAir', { requestId: mine.id, seconds: 120 }));
    expect(live).toMatchObject({ status: 'live', seconds: 120 });
    expect(Date.parse(live.endsAt!) - Date.parse(live.startedAt!)).toBe(120_000);
    expect((await added).producer).toMatchObject({ floor: { requestId: mine.id, backstage: false } });
    expect(StageView.parse(await stage).turn).toMatchObject({ requestId: mine.id, topic: 'Жол қауіпсіздігі', person: { displayName: 'Нұрлан' } });
    expect(ok(await ask(viewer, 'stream:consume', { sessionId, transportId: recv, producerId: mic, rtpCapabilities: { codecs: caps.codecs as never } }))).toMatchObject({ producerId: mic });

    // Muted by the moderator: paused for everyone, and the citizen cannot unmute themself.
    const paused = nextEvent(viewer, 'stream:producerPaused');
    expect(ok(await ask(fx.mod, 'floor:mute', { requestId: mine.id, muted: true }))).toMatchObject({ muted: true });
    expect(await paused).toMatchObject({ paused: true });
    expect(await ask(a.socket, 'stream:resumeProducer', { sessionId, producerId: mic })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ok(await ask(fx.mod, 'floor:mute', { requestId: mine.id, muted: false }));

    const extended = ok(await ask(fx.mod, 'floor:extend', { requestId: mine.id, seconds: 60 }));
    expect(Date.parse(extended.endsAt!) - Date.parse(live.endsAt!)).toBe(60_000);
    expect(extended.seconds).toBe(180);

    // The end: the tracks close at once, and no new one is allowed.
    const closed = new Set<string>();
    viewer.on('stream:producerClosed', (e) => closed.add(e.producerId));
    expect(ok(await ask(fx.mod, 'floor:end', { requestId: mine.id }))).toMatchObject({ status: 'done', endsAt: null });
    await eventually(async () => closed.has(mic) && closed.has(cam));
    expect(app.services.streaming.room(sessionId)!.producers.filter((p) => p.info.floor)).toEqual([]);
    expect(await m.produce(transportId, 'audio', 703)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Starting over does not help: no send transport without the grant.
    ok(await ask(a.socket, 'stream:join', { sessionId }));
    expect(await ask(a.socket, 'stream:createTransport', { sessionId, direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ok(await ask(viewer, 'floor:stage', { sessionId }))).toEqual({ sessionId, turn: null });

    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId, domain: 'floor' });
    expect(audit.map((e) => e.action)).toEqual(['floor.invite', 'floor.turn.start', 'floor.turn.mute', 'floor.turn.mute', 'floor.turn.extend', 'floor.turn.end']);
    expect(audit[1]!.details).toMatchObject({ person: { displayName: 'Нұрлан' }, topic: 'Жол қауіпсіздігі', seconds: 120 });
  });

  it('ends a turn whose time is up and closes its tracks, and lets one person speak at a time', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const sessionId = fx.session.id;
    const a = await named(fx, 'Гүлжан');
    const b = await named(fx, 'Тимур');
    const ra = ok(await ask(a.socket, 'floor:ask', { sessionId, topic: 'Денсаулық' }));
    const rb = ok(await ask(b.socket, 'floor:ask', { sessionId, topic: 'Білім' }));
    ok(await ask(fx.mod, 'floor:invite', { requestId: ra.id }));
    ok(await ask(fx.mod, 'floor:invite', { requestId: rb.id }));
    ok(await ask(fx.mod, 'floor:onAir', { requestId: ra.id }));
    expect(await ask(fx.mod, 'floor:onAir', { requestId: rb.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const m = await media(a.socket, sessionId);
    const t = await m.transport();
    const mic = ok(await m.produce(t, 'audio', 801)).producerId;
    const room = app.services.streaming.room(sessionId)!;
    expect(room.producer(mic)?.info.floor).toEqual({ requestId: ra.id, backstage: false });

    // Time runs out (moved forward here rather than waited for): the server ends the turn by itself.
    const ended = nextEvent(a.socket, 'floor:requestChanged', 10_000);
    await app.core.db.query(`update floor_requests set ends_at = now() where id = $1`, [ra.id]);
    expect(FloorRequestView.parse(await ended)).toMatchObject({ id: ra.id, status: 'done' });
    expect(room.producer(mic)).toBeUndefined();
    expect(await m.produce(t, 'audio', 802)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId, domain: 'floor' });
    expect(audit.at(-1)).toMatchObject({ action: 'floor.turn.end', details: { cause: 'time_up' } });

    // Now the next one may go on.
    expect(ok(await ask(fx.mod, 'floor:onAir', { requestId: rb.id }))).toMatchObject({ status: 'live', seconds: 180 });
    // The session ends: the live turn is done, the grant gone.
    expect((await fx.org.post(`/api/sessions/${sessionId}/end`)).status).toBe(200);
    await eventually(async () => (await app.services.floor.grant(sessionId, b.id)) === undefined && ok(await ask(b.socket, 'floor:mine', { sessionId }))?.status === 'done');
  });
});
