import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { forumWithSession, goLive } from '../helpers/factories';
import { AUDIO_SSRC, plainSource, plainViewer, RtpSink, startFfmpeg, VIDEO_SSRC, type PlainSource } from './streaming-fixtures';

// A real mediasoup worker pool (two workers) fed by ffmpeg over plain RTP.
let app: TestApp;
const range = { min: 40100, max: 40999 };
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  app = await startTestApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '2', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1', MEDIA_VIEWERS_PER_ROUTER: '2' });
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await app?.stop();
});

async function liveRoom() {
  const fx = await forumWithSession(app);
  await goLive(fx);
  return { fx, room: await app.services.streaming.openRoom(fx.session.id) };
}

async function broadcast(room: Awaited<ReturnType<typeof liveRoom>>['room']): Promise<PlainSource> {
  const source = await plainSource(room, range);
  cleanup.push(() => source.close());
  const ffmpeg = startFfmpeg(source.targets);
  cleanup.push(() => ffmpeg.stop());
  return source;
}

async function sinks(n: number): Promise<RtpSink[]> {
  const list = await Promise.all(Array.from({ length: n }, () => RtpSink.open()));
  cleanup.push(() => list.forEach((s) => s.close()));
  return list;
}

describe('server-level media with a real worker', () => {
  it('fans one ffmpeg broadcast (Opus and VP8 over plain RTP) out to several consumers that all receive packets', async () => {
    const { room } = await liveRoom();
    const source = await broadcast(room);
    const receivers = await sinks(4);
    const viewers = [];
    for (const sink of receivers) viewers.push(await plainViewer(room, [source.audio, source.video], sink.port, range));

    for (const [i, v] of viewers.entries()) {
      await receivers[i]!.waitFor(v.ssrcs[0]!, 50);
      await receivers[i]!.waitFor(v.ssrcs[1]!, 50);
    }
    const [producerStats] = await source.video.getStats();
    expect(producerStats!.packetCount).toBeGreaterThan(50);
    for (const v of viewers) {
      for (const c of v.consumers) {
        const stats = await c.getStats();
        const outbound = stats.find((s) => s.type === 'outbound-rtp');
        expect(outbound?.packetCount).toBeGreaterThan(0);
      }
    }
    expect(receivers[0]!.count(viewers[0]!.ssrcs[0]!)).toBeGreaterThan(0);
    // ffmpeg's own SSRCs never leak: consumers send with their own.
    expect(receivers[0]!.count(AUDIO_SSRC) + receivers[0]!.count(VIDEO_SSRC)).toBe(0);
  });

  it('puts viewers beyond MEDIA_VIEWERS_PER_ROUTER on the other worker, fed by pipeToRouter, and they receive too', async () => {
    const { room } = await liveRoom();
    const source = await broadcast(room);
    const receivers = await sinks(5);
    const viewers = [];
    for (const sink of receivers) viewers.push(await plainViewer(room, [source.audio, source.video], sink.port, range));

    const workers = new Set(viewers.map((v) => v.at.slot.index));
    expect(workers).toEqual(new Set([0, 1]));
    expect(room.routers).toHaveLength(2);
    // Two per router until both are full, then the least crowded one takes the overflow.
    expect(viewers.map((v) => v.at.origin)).toEqual([true, true, false, false, true]);
    for (const [i, v] of viewers.entries()) {
      await receivers[i]!.waitFor(v.ssrcs[0]!, 30);
      await receivers[i]!.waitFor(v.ssrcs[1]!, 30);
    }
    const piped = room.routers.find((r) => !r.origin)!;
    const dump = await piped.router.dump();
    expect(dump.mapProducerIdConsumerIds.map((m) => m.key).sort()).toEqual([source.audio.id, source.video.id].sort());
  });

  it('closes the room when the session ends and opens none again for it', async () => {
    const { fx, room } = await liveRoom();
    const source = await broadcast(room);
    const [sink] = await sinks(1);
    await plainViewer(room, [source.audio], sink!.port, range);
    const routers = room.routers.map((r) => r.router);

    const ended = await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect(ended.status).toBe(200);
    expect(room.closed).toBe(true);
    expect(routers.every((r) => r.closed)).toBe(true);
    await expect(app.services.streaming.openRoom(fx.session.id)).rejects.toMatchObject({ code: 'invalid_state' });
  });
});
