import { describe, expect, it } from 'vitest';
import type { ForumFixture } from '../helpers/factories';
import { startTestApp } from '../helpers/app';
import { admin, citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { ask, connectSocket, nextEvent } from './streaming-fixtures';
import { withSignalingApp } from './signaling.support';

const harness = withSignalingApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
const { socketOf } = harness;

const vp8 = (ssrc: number) => ({ codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] });
const simulcastVp8 = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' as const, id: 1 },
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id' as const, id: 2 },
  ],
  encodings: [
    { rid: 'r0', maxBitrate: 150_000, scalabilityMode: 'L1T3' },
    { rid: 'r1', maxBitrate: 500_000, scalabilityMode: 'L1T3' },
    { rid: 'r2', maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
  ],
};

/** A speaker of a live session, joined, with a send transport. */
async function speakerReady(fx: ForumFixture) {
  const app = harness.app();
  const socket = await socketOf(await invited(app, fx, 'speaker'));
  const joined = await ask(socket, 'stream:join', { sessionId: fx.session.id });
  if (!joined.ok) throw new Error(JSON.stringify(joined.error));
  const send = await ask(socket, 'stream:createTransport', { sessionId: fx.session.id, direction: 'send' });
  if (!send.ok) throw new Error(JSON.stringify(send.error));
  return { socket, joined: joined.data, transportId: send.data.id };
}

async function liveSession() {
  const app = harness.app();
  const fx = await forumWithSession(app);
  await goLive(fx);
  return fx;
}

describe('stream signaling', () => {
  it('lets a citizen watch: learns of a new camera, consumes it paused, and resumes it when ready', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const viewer = await socketOf(await citizen(app));
    const joined = await ask(viewer, 'stream:join', { sessionId: fx.session.id });
    expect(joined).toMatchObject({ ok: true, data: { canProduce: false, producers: [] } });
    if (!joined.ok) return;

    const announced = nextEvent(viewer, 'stream:producerAdded');
    const speaker = await speakerReady(fx);
    const produced = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: vp8(1234) });
    expect(produced.ok).toBe(true);
    const { producer } = await announced;
    expect(producer).toMatchObject({ source: 'camera', kind: 'video' });

    const recv = await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' });
    expect(recv.ok).toBe(true);
    if (!recv.ok) return;
    expect(recv.data.iceCandidates.length).toBeGreaterThan(0);
    const consumed = await ask(viewer, 'stream:consume', {
      sessionId: fx.session.id,
      transportId: recv.data.id,
      producerId: producer.id,
      rtpCapabilities: joined.data.routerRtpCapabilities as never,
    });
    expect(consumed).toMatchObject({ ok: true, data: { producerId: producer.id, kind: 'video', source: 'camera', type: 'simple' } });
    if (!consumed.ok) return;
    const room = await app.services.streaming.openRoom(fx.session.id);
    const serverConsumer = room.peer(viewer.id!)!.consumers[0]!;
    expect(serverConsumer.paused).toBe(true);
    expect(await ask(viewer, 'stream:resumeConsumer', { sessionId: fx.session.id, consumerId: consumed.data.id })).toEqual({ ok: true, data: {} });
    expect(serverConsumer.paused).toBe(false);
  });

  it('caps a simulcast stream at the layer the viewer chooses', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const speaker = await speakerReady(fx);
    const produced = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: simulcastVp8 });
    if (!produced.ok) throw new Error(JSON.stringify(produced.error));
    const viewer = await socketOf(await citizen(app));
    const joined = await ask(viewer, 'stream:join', { sessionId: fx.session.id });
    const recv = await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' });
    if (!joined.ok || !recv.ok) throw new Error('join failed');
    const consumed = await ask(viewer, 'stream:consume', {
      sessionId: fx.session.id,
      transportId: recv.data.id,
      producerId: produced.data.producerId,
      rtpCapabilities: joined.data.routerRtpCapabilities as never,
      preferredLayer: 'medium',
    });
    expect(consumed).toMatchObject({ ok: true, data: { type: 'simulcast' } });
    if (!consumed.ok) return;
    const room = await app.services.streaming.openRoom(fx.session.id);
    const c = room.peer(viewer.id!)!.consumers[0]!;
    expect(c.preferredLayers?.spatialLayer).toBe(1);
    expect(await ask(viewer, 'stream:setLayer', { sessionId: fx.session.id, consumerId: c.id, preferredLayer: 'low' })).toMatchObject({ ok: true });
    expect(c.preferredLayers?.spatialLayer).toBe(0);
    expect(await ask(viewer, 'stream:setLayer', { sessionId: fx.session.id, consumerId: c.id, preferredLayer: 'high' })).toMatchObject({ ok: true });
    expect(c.preferredLayers?.spatialLayer).toBe(2);
  });

  it('tells viewers when a speaker mutes and unmutes, and when they stop a track', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const speaker = await speakerReady(fx);
    const produced = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: vp8(4321) });
    if (!produced.ok) throw new Error(JSON.stringify(produced.error));
    const producerId = produced.data.producerId;
    const viewer = await socketOf(await citizen(app));
    await ask(viewer, 'stream:join', { sessionId: fx.session.id });

    const muted = nextEvent(viewer, 'stream:producerPaused');
    expect(await ask(speaker.socket, 'stream:pauseProducer', { sessionId: fx.session.id, producerId })).toMatchObject({ ok: true });
    expect(await muted).toEqual({ sessionId: fx.session.id, producerId, paused: true });
    const late = await socketOf(await citizen(app));
    const lateJoin = await ask(late, 'stream:join', { sessionId: fx.session.id });
    expect(lateJoin).toMatchObject({ ok: true, data: { producers: [{ id: producerId, paused: true }] } });

    const unmuted = nextEvent(viewer, 'stream:producerPaused');
    await ask(speaker.socket, 'stream:resumeProducer', { sessionId: fx.session.id, producerId });
    expect(await unmuted).toMatchObject({ paused: false });

    const stopped = nextEvent(viewer, 'stream:producerClosed');
    expect(await ask(speaker.socket, 'stream:closeProducer', { sessionId: fx.session.id, producerId })).toMatchObject({ ok: true });
    expect(await stopped).toEqual({ sessionId: fx.session.id, producerId });
  });

  it('closes what a speaker published when their connection drops', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const speaker = await speakerReady(fx);
    const produced = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: vp8(999) });
    if (!produced.ok) throw new Error(JSON.stringify(produced.error));
    const viewer = await socketOf(await citizen(app));
    await ask(viewer, 'stream:join', { sessionId: fx.session.id });
    const gone = nextEvent(viewer, 'stream:producerClosed');
    speaker.socket.disconnect();
    expect(await gone).toEqual({ sessionId: fx.session.id, producerId: produced.data.producerId });
    const room = await app.services.streaming.openRoom(fx.session.id);
    expect(room.producers).toHaveLength(0);
  });

  it('refuses a citizen who tries to publish and creates nothing', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const socket = await socketOf(await citizen(app));
    await ask(socket, 'stream:join', { sessionId: fx.session.id });
    expect(await ask(socket, 'stream:createTransport', { sessionId: fx.session.id, direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const recv = await ask(socket, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' });
    if (!recv.ok) throw new Error('recv refused');
    const produce = await ask(socket, 'stream:produce', { sessionId: fx.session.id, transportId: recv.data.id, kind: 'video', source: 'camera', rtpParameters: vp8(1) });
    expect(produce).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const room = await app.services.streaming.openRoom(fx.session.id);
    expect(room.producers).toHaveLength(0);
    expect(room.peer(socket.id!)!.producers).toHaveLength(0);
  });

  it('answers invalid_input to RTP parameters mediasoup rejects, leaves no producer behind, and the transport still works', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const speaker = await speakerReady(fx);
    const room = await app.services.streaming.openRoom(fx.session.id);
    const h265 = { codecs: [{ mimeType: 'video/H265', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 5 }] };
    const refused = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: h265 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const duplicatePt = { codecs: [vp8(6).codecs[0]!, { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 6 }] };
    expect(await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: duplicatePt })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });

    const producersInRouter = async () => (await room.origin.router.dump()).mapProducerIdConsumerIds.length;
    expect(await producersInRouter()).toBe(0);
    expect(room.producers).toHaveLength(0);
    expect(await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: vp8(7) })).toMatchObject({ ok: true });
    expect(await producersInRouter()).toBe(1);
  });

  it('answers invalid_input to malformed parameters before mediasoup sees them', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const speaker = await speakerReady(fx);
    const noCodecs = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'camera', rtpParameters: { codecs: [] } });
    expect(noCodecs).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { issues: [{ path: 'rtpParameters.codecs' }] } } });
    const micAsVideo = await ask(speaker.socket, 'stream:produce', { sessionId: fx.session.id, transportId: speaker.transportId, kind: 'video', source: 'mic', rtpParameters: vp8(8) });
    expect(micAsVideo).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const badDtls = await ask(speaker.socket, 'stream:connectTransport', { sessionId: fx.session.id, transportId: speaker.transportId, dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: 'x' }] } } as never);
    expect(badDtls).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const room = await app.services.streaming.openRoom(fx.session.id);
    expect(room.producers).toHaveLength(0);
  });

  it('lets speakers, moderators and organizers rehearse in a scheduled session, not citizens, and nobody publishes before it is live', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const sessionId = fx.session.id;
    const someone = await socketOf(await citizen(app));
    expect(await ask(someone, 'stream:join', { sessionId })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const organizer = await socketOf(fx.org);
    expect(await ask(organizer, 'stream:join', { sessionId })).toMatchObject({ ok: true, data: { canProduce: false } });
    const moderator = await socketOf(await invited(app, fx, 'moderator'));
    expect(await ask(moderator, 'stream:join', { sessionId })).toMatchObject({ ok: true });
    const speaker = await socketOf(await invited(app, fx, 'speaker'));
    expect(await ask(speaker, 'stream:join', { sessionId })).toMatchObject({ ok: true, data: { canProduce: false } });
    expect(await ask(speaker, 'stream:createTransport', { sessionId, direction: 'send' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('tells everyone in the room when the session ends, and nobody joins afterwards', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const viewer = await socketOf(await citizen(app));
    await ask(viewer, 'stream:join', { sessionId: fx.session.id });
    const closed = nextEvent(viewer, 'stream:closed');
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect(await closed).toEqual({ sessionId: fx.session.id, reason: 'session_ended' });
    expect(await ask(viewer, 'stream:join', { sessionId: fx.session.id })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('refuses a second transport of the same direction and requests from connections that never joined', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const viewer = await socketOf(await citizen(app));
    expect(await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    await ask(viewer, 'stream:join', { sessionId: fx.session.id });
    expect(await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' })).toMatchObject({ ok: true });
    expect(await ask(viewer, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(viewer, 'stream:join', { sessionId: '00000000-0000-4000-8000-000000000001' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('rate-limits a person who keeps setting media up, with the delay to wait', async () => {
    const app = harness.app();
    const fx = await liveSession();
    const viewer = await socketOf(await citizen(app));
    const answers = [];
    for (let i = 0; i < 61; i++) answers.push(await ask(viewer, 'stream:join', { sessionId: fx.session.id }));
    expect(answers.slice(0, 60).every((a) => a.ok)).toBe(true);
    expect(answers[60]).toMatchObject({ ok: false, error: { code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } } });
  });

  it('reports every media worker in /healthz to an administrator', async () => {
    const app = harness.app();
    const body = (await (await admin(app)).get('/healthz')).data;
    expect(body.media).toMatchObject({ ok: true, enabled: true, workers: [{ index: 0, alive: true, restarts: 0 }] });
    expect(body.media.workers[0].pid).toBeGreaterThan(0);
  });
});

describe('media switched off', () => {
  it('keeps the app healthy and answers stream requests with a clear invalid_state', async () => {
    const off = await startTestApp();
    try {
      const body = (await (await admin(off)).get('/healthz')).data;
      expect(body.media).toEqual({ ok: true, enabled: false });
      const fx = await forumWithSession(off);
      await goLive(fx);
      const s = harness.track(await connectSocket(off.url, (await citizen(off)).cookieHeader));
      expect(await ask(s, 'stream:join', { sessionId: fx.session.id })).toMatchObject({ ok: false, error: { code: 'invalid_state', message: 'live video is not available on this server' } });
    } finally {
      await off.stop();
    }
  });

  it('reports media unhealthy, with the reason, when the worker binary is missing', async () => {
    const broken = await startTestApp({ MEDIA_ENABLED: 'true', MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' });
    try {
      const r = await (await admin(broken)).get('/healthz');
      expect(r.status).toBe(503);
      const body = r.data;
      expect(body.media).toMatchObject({ ok: false, error: expect.stringContaining('MEDIASOUP_WORKER_BIN') });
      expect(body.database.ok).toBe(true);
    } finally {
      await broken.stop();
    }
  });
});
