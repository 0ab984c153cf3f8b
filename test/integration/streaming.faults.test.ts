import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { admin, citizen, forumWithSession, goLive } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { ask, connectSocket, nextEvent, plainSource, plainViewer, RtpSink, startFfmpeg } from './streaming-fixtures';

// One worker only: the hardest case, nothing else can take over while it is replaced.
let app: TestApp;
const range = { min: 40100, max: 40999 };

beforeAll(async () => {
  app = await startTestApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
});
afterAll(async () => {
  await app?.stop();
});

describe('media worker faults', () => {
  it('replaces a killed worker, reopens the session room, tells its viewers to reconnect, and media flows again', async () => {
    const fx = await forumWithSession(app);
    await goLive(fx);
    const viewer = await citizen(app);
    const root = await admin(app);
    const socket = await connectSocket(app.url, viewer.cookieHeader);
    const sink = await RtpSink.open();
    const stops: (() => unknown)[] = [() => socket.disconnect(), () => sink.close()];
    try {
      const joined = await ask(socket, 'stream:join', { sessionId: fx.session.id });
      expect(joined.ok).toBe(true);

      const room = await app.services.streaming.openRoom(fx.session.id);
      const source = await plainSource(room, range);
      const ffmpeg = startFfmpeg(source.targets);
      stops.push(() => ffmpeg.stop());
      const before = await plainViewer(room, [source.video], sink.port, range);
      await sink.waitFor(before.ssrcs[0]!, 30);

      const pid = room.origin.slot.worker.pid;
      const reconnect = nextEvent(socket, 'stream:reconnect', 10_000);
      process.kill(pid, 'SIGKILL');
      expect(await reconnect).toEqual({ sessionId: fx.session.id, reason: 'worker_died' });
      await ffmpeg.stop();

      const health = await eventually(async () => {
        const r = await fetch(`${app.url}/healthz`, { headers: { cookie: root.cookieHeader } });
        const body = (await r.json()) as { media: { ok: boolean; workers: { pid: number; restarts: number }[] } };
        return body.media.ok ? body.media : undefined;
      });
      expect(health.workers[0]!.pid).not.toBe(pid);
      expect(health.workers[0]!.restarts).toBe(1);

      // The room was reopened on the new worker; a viewer that reconnects receives again.
      const reopened = await app.services.streaming.openRoom(fx.session.id);
      expect(reopened).not.toBe(room);
      expect(reopened.origin.slot.worker.pid).toBe(health.workers[0]!.pid);
      const again = await ask(socket, 'stream:join', { sessionId: fx.session.id });
      expect(again.ok).toBe(true);
      const source2 = await plainSource(reopened, range);
      const ffmpeg2 = startFfmpeg(source2.targets);
      stops.push(() => ffmpeg2.stop());
      const after = await plainViewer(reopened, [source2.video], sink.port, range);
      await sink.waitFor(after.ssrcs[0]!, 30);
      const [stats] = await after.consumers[0]!.getStats();
      expect(stats!.packetCount).toBeGreaterThan(0);
    } finally {
      for (const s of stops.reverse()) await s();
    }
  });
});

describe('media worker faults with two workers', () => {
  let two: TestApp;
  beforeAll(async () => {
    two = await startTestApp({ MEDIA_ENABLED: 'true', MEDIA_WORKERS: '2', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1', MEDIA_VIEWERS_PER_ROUTER: '1' });
  });
  afterAll(async () => {
    await two?.stop();
  });

  it('sends only the viewers of a piped router to reconnect when its worker dies; the others keep receiving', async () => {
    const fx = await forumWithSession(two);
    await goLive(fx);
    const room = await two.services.streaming.openRoom(fx.session.id);
    const sink = await RtpSink.open();
    const source = await plainSource(room, range);
    const ffmpeg = startFfmpeg(source.targets);
    const socket = await connectSocket(two.url, (await citizen(two)).cookieHeader);
    try {
      const onOrigin = await plainViewer(room, [source.video], sink.port, range);
      expect(onOrigin.at.origin).toBe(true);
      await ask(socket, 'stream:join', { sessionId: fx.session.id });
      const recv = await ask(socket, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' });
      expect(recv.ok).toBe(true);
      const piped = room.routers.find((r) => !r.origin)!;
      expect(piped.viewers).toBe(1);

      const reconnect = nextEvent(socket, 'stream:reconnect', 10_000);
      process.kill(piped.slot.worker.pid, 'SIGKILL');
      expect(await reconnect).toEqual({ sessionId: fx.session.id, reason: 'worker_died' });
      expect(room.closed).toBe(false);
      expect(room.routers.map((r) => r.origin)).toEqual([true]);
      const before = sink.count(onOrigin.ssrcs[0]!);
      await sink.waitFor(onOrigin.ssrcs[0]!, before + 30);

      // Once the worker is back, the viewer that reconnects is placed on it again.
      await two.services.streaming.pool!.whenAlive(piped.slot.index);
      await ask(socket, 'stream:join', { sessionId: fx.session.id });
      expect(await ask(socket, 'stream:createTransport', { sessionId: fx.session.id, direction: 'recv' })).toMatchObject({ ok: true });
      expect(room.routers.find((r) => !r.origin)?.slot.index).toBe(piped.slot.index);
    } finally {
      socket.disconnect();
      await ffmpeg.stop();
      sink.close();
    }
  });
});

