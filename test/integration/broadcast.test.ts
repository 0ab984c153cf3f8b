import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingView } from '../../common/broadcast.contract';
import type { Program } from '../../server/broadcast/program';
import type { Room } from '../../server/streaming/room';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { eventually } from '../helpers/wait-for';
import { offsetWindows, SYNC_WARMUP_S, colourOf, fakeTrack, flashAndBeepOnsets, FLASH_AND_BEEP, pixelAt, probe, sendLavfi, type Sender } from './broadcast-fixtures';
import { joined, liveSession, namedCitizen, ok } from './qa.support';

// The program feed end to end: a real mediasoup worker, the real mixer process (GStreamer),
// ffmpeg speakers, the finalize job in the in-process worker, at 320×180.
const W = 320;
const H = 180;
const range = { min: 40100, max: 40999 };
let app: TestApp;
const MEDIA_ROOT = `/tmp/birge-test-media-${process.pid}`;
const cleanup: (() => unknown)[] = [];
// Deadlines sized for a starved machine (the mixer, x264 and ffmpeg share two cores with
// everything else): they bound a wait, they do not measure anything. The waits themselves
// wake on the program's own events, not on a timer.
const MEDIA_MS = 60_000;
const FINALIZE_MS = 180_000;
const TEST_MS = 2 * MEDIA_MS + FINALIZE_MS;

beforeAll(async () => {
  app = await startTestApp({
    // Errors only (a mixer's exit comes with its stderr): when a mixer dies where a test expects it
    // to live, the run's output says why.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    MEDIA_ENABLED: 'true', BROADCAST_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1',
    BROADCAST_WIDTH: String(W), BROADCAST_HEIGHT: String(H), BROADCAST_VIDEO_KBPS: '300', BROADCAST_AUDIO_KBPS: '64', BROADCAST_X264_PRESET: 'ultrafast',
    MEDIA_DIR: MEDIA_ROOT, RECORDING_MIN_FREE_MB: '0',
  });
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await app?.stop();
  rmSync(MEDIA_ROOT, { recursive: true, force: true });
});

const speaker = { id: '00000000-0000-4000-8000-0000000000a1', displayName: 'Спикер' };

async function liveWithProgram() {
  const live = await liveSession(app);
  const program = await eventually(() => app.services.broadcast.program(live.sessionId), MEDIA_MS);
  // A test that does not end its session ends it here, so its mixer does not run on beside the next test.
  cleanup.push(() => live.fx.org.post(`/api/sessions/${live.sessionId}/end`));
  const room = app.services.streaming.room(live.sessionId)!;
  // Running means writing: once its first segment is listed, a mixer is past its start (where
  // GStreamer's muxer may still fail on a starved machine, and the program starts it again).
  await whenProgram(program, 'the first segment listed', () => segmentCount(live.sessionId) > 0);
  return { ...live, program, room };
}

function keep(s: Sender) {
  cleanup.push(() => s.stop());
  return s;
}

const mediaDir = (sessionId: string) => path.join(app.config.broadcast.mediaDir, 'sessions', sessionId);
const segments = (sessionId: string) =>
  readFileSync(path.join(mediaDir(sessionId), 'segments.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; rendition: string; startedAtMs: number; durationS: number; discontinuity: boolean });
const segmentCount = (sessionId: string) => {
  try {
    return segments(sessionId).length;
  } catch {
    return 0;
  }
};
const mainSegments = (sessionId: string) => segments(sessionId).filter((s) => s.rendition === 'main');
/** Seconds of program recorded so far (the main rendition's segments). */
const recordedS = (sessionId: string) => (segmentCount(sessionId) ? mainSegments(sessionId).reduce((a, s) => a + s.durationS, 0) : 0);

type Point = { x: number; y: number };
/** The colours at `points` in the last frame of the newest main segment (undefined before the first). */
async function coloursNow(sessionId: string, ...points: Point[]) {
  const last = mainSegments(sessionId).at(-1);
  if (!last) return undefined;
  return (await pixelAt(path.join(mediaDir(sessionId), last.file), points, { width: W, height: H })).map(colourOf);
}
/** The middle of the upper half: where a full-frame camera shows, clear of the slate's text. */
const CENTRE: Point = { x: W / 2, y: H / 4 };

/**
 * Resolves with `check`'s answer once it has one. It is asked now, and again after every
 * segment the program lists and every state it enters (nothing waits on a timer); a check
 * still running when the next event comes runs once more after it.
 */
function whenProgram<T>(program: Program, what: string | (() => string), check: () => T | undefined | false | Promise<T | undefined | false>, ms = MEDIA_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let running = false;
    let again = false;
    let settled = false;
    let last: unknown;
    const settle = (fn: () => void) => {
      settled = true;
      clearTimeout(timer);
      program.off('segment', ask);
      program.off('state', ask);
      fn();
    };
    function ask() {
      if (running) return void (again = true);
      running = true;
      void (async () => {
        do {
          again = false;
          try {
            const v = await check();
            if (v) return settle(() => resolve(v));
          } catch (e) {
            last = e;
          }
        } while (again && !settled);
      })().finally(() => (running = false));
    }
    const timer = setTimeout(() => settle(() => reject(new Error(`${typeof what === 'string' ? what : what()}: not within ${ms} ms (${program.state}, ${program.sessionId}, mixer ${program.mixerPid} after ${program.restarts} restarts)${last instanceof Error ? `: ${last.message}` : ''}`))), ms);
    program.on('segment', ask);
    program.on('state', ask);
    ask();
  });
}

const listed = (program: Program, sessionId: string, n: number) => whenProgram(program, `${n} segments listed`, () => segmentCount(sessionId) >= n);

/** The recording once finalized and `accept`ed; a failed finalization fails the wait at once, with its error. */
async function recording(org: Client, sessionId: string, accept: (r: RecordingView) => boolean = () => true): Promise<RecordingView> {
  const r = await eventually(
    async () => {
      const v = (await org.get(`/api/sessions/${sessionId}/recording`)).data as RecordingView;
      return (v.state === 'ready' && accept(v)) || v.state === 'failed' ? v : undefined;
    },
    FINALIZE_MS,
    250,
  );
  expect(r.error).toBeNull();
  expect(r.state).toBe('ready');
  return r;
}

/** The room a session's speakers reconnect to once `kill` has taken the old one down. */
function nextRoom(sessionId: string, old: Room, kill: () => void): Promise<Room> {
  return new Promise<Room>((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no new room within ${MEDIA_MS} ms`))), MEDIA_MS);
    const off = app.services.streaming.onRoomOpened((r) => {
      if (r.sessionId !== sessionId || r === old) return;
      clearTimeout(timer);
      off();
      resolve(r);
    });
    kill();
  });
}

describe('the program feed', () => {
  it('serves a live session as HLS, closes it into a VOD with an MP4, a poster and chapters at the spotlighted question', async () => {
    const { fx, sessionId, moderator, room, program } = await liveWithProgram();
    const cam = await fakeTrack(room, 'camera', speaker, range);
    const mic = await fakeTrack(room, 'mic', speaker, range);
    cleanup.push(() => (cam.close(), mic.close()));
    keep(sendLavfi({ video: { graph: `testsrc2=size=${W}x${H}:rate=30`, track: cam }, audio: { graph: 'sine=frequency=440:sample_rate=48000', track: mic } }));

    const viewer = await citizen(app);
    const feed = await eventually(async () => (await viewer.get(`/api/sessions/${sessionId}/live-feed`)).data.hls as string | null, MEDIA_MS, 250);
    expect(feed).toBe(`/media/sessions/${sessionId}/index.m3u8`);
    const index = await viewer.get(feed!);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    expect(index.headers.get('set-cookie')).toBeNull();
    // Once the feed is announced, its playlist is there and lists a segment.
    const live = await viewer.get(`/media/sessions/${sessionId}/main.m3u8`);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('public, max-age=1, s-maxage=1');
    const first = String(live.data).split('\n').find((l: string) => l.endsWith('.ts'));
    expect(first).toMatch(/^main-\d{5}\.ts$/);
    // A segment file no playlist lists yet (the mixer may still be writing it) is not served.
    writeFileSync(path.join(mediaDir(sessionId), 'main-99999.ts'), 'half a segment');
    const unlisted = await viewer.get(`/media/sessions/${sessionId}/main-99999.ts`);
    expect(unlisted.status).toBe(404);
    expect(unlisted.headers.get('cache-control')).toBe('no-store');
    const seg = await viewer.get(`/media/sessions/${sessionId}/${first}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(seg.headers.get('cache-control')).toContain('immutable');
    // Viewers asking for one segment at once all get the whole file (read once, kept in memory).
    const bytes = readFileSync(path.join(mediaDir(sessionId), first!));
    const all = await Promise.all(Array.from({ length: 24 }, () => viewer.get(`/media/sessions/${sessionId}/${first}`)));
    for (const r of all) expect(Buffer.compare(r.data as Buffer, bytes)).toBe(0);

    // Blocking playlist reload: asked for the segment after the newest, the playlist answers once it is listed.
    expect(String(live.data)).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES');
    const lastMsn = (text: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]) + text.split('\n').filter((l) => l.endsWith('.ts')).length - 1;
    const now = lastMsn(String(live.data));
    const held = await viewer.get(`/media/sessions/${sessionId}/main.m3u8?_HLS_msn=${now + 1}`);
    expect(held.status).toBe(200);
    expect(lastMsn(String(held.data))).toBeGreaterThanOrEqual(now + 1);
    expect(held.headers.get('cache-control')).toBe('public, max-age=1, s-maxage=1');
    // Further ahead than the segment after next, or not a number: refused at once.
    expect((await viewer.get(`/media/sessions/${sessionId}/main.m3u8?_HLS_msn=${lastMsn(String(held.data)) + 3}`)).status).toBe(400);
    expect((await viewer.get(`/media/sessions/${sessionId}/main.m3u8?_HLS_msn=next`)).status).toBe(400);

    // A question goes into the spotlight while the program runs.
    const asker = await namedCitizen(app, 'Айгүл');
    const [askerSocket, modSocket] = await Promise.all([joined(app, sessionId, asker), joined(app, sessionId, moderator)]);
    cleanup.push(() => (askerSocket.close(), modSocket.close()));
    const q = await ok(askerSocket, 'qa:ask', { sessionId, text: 'Қоғамдық кеңестер қалай жұмыс істейді?', lang: 'kk' });
    await ok(modSocket, 'qa:approve', { questionId: q.id });
    const spotAt = Date.now();
    await ok(modSocket, 'qa:spotlight', { sessionId, questionId: q.id });
    await listed(program, sessionId, segmentCount(sessionId) + 2);

    const ended = await fx.org.post(`/api/sessions/${sessionId}/end`);
    expect(ended.status).toBe(200);
    // The finalization was requested in the same transaction as the end.
    expect((await fx.org.get(`/api/sessions/${sessionId}/recording`)).data.state).toMatch(/processing|ready/);
    const rec = await recording(fx.org, sessionId);

    const segs = mainSegments(sessionId);
    const liveS = (Date.parse(rec.endedAt!) - segs[0]!.startedAtMs) / 1000;
    const mp4 = await probe(path.join(mediaDir(sessionId), 'recording.mp4'));
    expect(mp4.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    expect([mp4.width, mp4.height]).toEqual([W, H]);
    expect(Math.abs(mp4.durationS - liveS), `recording ${mp4.durationS} s, live ${liveS} s`).toBeLessThan(1);
    expect(Math.abs(rec.durationS! - mp4.durationS)).toBeLessThan(0.5);

    const spot = rec.chapters.find((c) => c.kind === 'spotlight');
    expect(spot?.questionId).toBe(q.id);
    expect(Math.abs(spot!.startS - (spotAt - segs[0]!.startedAtMs) / 1000)).toBeLessThan(2);
    expect(rec.chapters[0]!.kind).toBe('start');
    expect(rec.chapters.at(-1)!.kind).toBe('end');
    const vtt = await viewer.get(rec.urls!.chapters);
    expect(String(vtt.data)).toContain('Қоғамдық кеңестер қалай жұмыс істейді?');
    const vod = String((await viewer.get(`/media/sessions/${sessionId}/main.vod.m3u8`)).data);
    expect(vod).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(vod).toContain('#EXT-X-ENDLIST');
    expect((await viewer.get(rec.urls!.poster)).headers.get('content-type')).toBe('image/jpeg');
    const download = await viewer.get(`${rec.urls!.mp4}?download`);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    // The live playlist says it is over.
    expect(String((await viewer.get(`/media/sessions/${sessionId}/main.m3u8`)).data)).toContain('#EXT-X-ENDLIST');
  }, TEST_MS);

  it('switches to the screen-share layout and back without restarting the output (one media sequence, both layouts in it)', async () => {
    const { sessionId, room, program } = await liveWithProgram();
    const pid = program.mixerPid;
    const cam = await fakeTrack(room, 'camera', speaker, range);
    cleanup.push(() => cam.close());
    keep(sendLavfi({ video: { graph: `color=c=red:size=${W}x${H}:rate=30`, track: cam } }));
    const corner = { x: W - 30, y: H - 20 };
    const picture = async () => {
      const [centre, inCorner] = (await coloursNow(sessionId, CENTRE, corner)) ?? [];
      return centre && { centre, corner: inCorner };
    };
    await whenProgram(program, 'the camera fills the frame', async () => (await picture())?.centre === 'red');

    const screen = await fakeTrack(room, 'screen', speaker, range);
    const sharing = keep(sendLavfi({ video: { graph: `color=c=blue:size=${W}x${H}:rate=30`, track: screen } }));
    // The screen fills the frame; the speaker's camera sits in the corner.
    await whenProgram(program, 'the screen fills the frame, the camera in the corner', async () => {
      const p = await picture();
      return p?.centre === 'blue' && p.corner === 'red';
    });

    await sharing.stop();
    screen.close();
    await whenProgram(program, 'the camera fills the frame again', async () => (await picture())?.centre === 'red');

    expect(program.mixerPid).toBe(pid);
    expect(program.restarts).toBe(0);
    const rec = readFileSync(path.join(mediaDir(sessionId), 'main.rec.m3u8'), 'utf8');
    expect(rec).not.toContain('#EXT-X-DISCONTINUITY');
    const indexes = mainSegments(sessionId).map((s) => Number(/-(\d+)\.ts$/.exec(s.file)![1]));
    expect(indexes).toEqual(indexes.map((_, i) => indexes[0]! + i));
  }, TEST_MS);

  it('restarts a killed mixer: playback goes on after one discontinuity and every segment stays playable', async () => {
    const { sessionId, room, program } = await liveWithProgram();
    const cam = await fakeTrack(room, 'camera', speaker, range);
    const mic = await fakeTrack(room, 'mic', speaker, range);
    cleanup.push(() => (cam.close(), mic.close()));
    keep(sendLavfi({ video: { graph: `testsrc2=size=${W}x${H}:rate=30`, track: cam }, audio: { graph: 'sine=frequency=440:sample_rate=48000', track: mic } }));
    await listed(program, sessionId, 2);
    const pid = program.mixerPid!;
    process.kill(pid, 'SIGKILL');
    const before = segmentCount(sessionId);
    await whenProgram(program, 'a new mixer running', () => program.mixerPid !== undefined && program.mixerPid !== pid && program.state === 'running');
    await listed(program, sessionId, before + 3);

    const rec = readFileSync(path.join(mediaDir(sessionId), 'main.rec.m3u8'), 'utf8');
    expect(rec.match(/#EXT-X-DISCONTINUITY\n/g)).toHaveLength(1);
    const all = mainSegments(sessionId);
    expect(new Set(all.map((s) => s.file)).size).toBe(all.length);
    for (const s of all) {
      const p = await probe(path.join(mediaDir(sessionId), s.file));
      expect(p.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
      expect(p.durationS).toBeGreaterThan(0);
    }
    // The segments after the restart carry the picture again, not just the slate.
    expect((await coloursNow(sessionId, { x: 10, y: 10 }))?.[0]).not.toBe('dark');
  }, TEST_MS);
  it('puts a speaker on air whom a mixer too starved to answer could not take at first', async () => {
    const { sessionId, room, program } = await liveWithProgram();
    const pid = program.mixerPid!;
    process.kill(pid, 'SIGSTOP');
    cleanup.push(() => process.kill(pid, 'SIGCONT'));
    const cam = await fakeTrack(room, 'camera', speaker, range);
    cleanup.push(() => cam.close());
    keep(sendLavfi({ video: { graph: `color=c=red:size=${W}x${H}:rate=30`, track: cam } }));
    // Stopped past the time the server gives the mixer to open an input, that first attempt fails.
    const [failed] = await once(program, 'inputFailed');
    expect(failed).toEqual({ producerId: cam.producer.id, failures: 1, willRetry: true });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(Number(/^birge_broadcast_input_failures_total (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    process.kill(pid, 'SIGCONT');
    await whenProgram(program, 'the camera on air', async () => (await coloursNow(sessionId, CENTRE))?.[0] === 'red');
    expect(program.mixerPid).toBe(pid);
    expect(program.restarts).toBe(0);
  }, TEST_MS);

  it('says when a mixer short of CPU falls behind real time, and when it has caught up', async () => {
    const { program } = await liveWithProgram();
    const pid = program.mixerPid!;
    const behindAfter = app.config.broadcast.segmentSeconds * 4;
    expect(program.behindS).toBeLessThan(behindAfter);
    // Stopped, the mixer gets no CPU at all: the starved extreme of a busy machine.
    process.kill(pid, 'SIGSTOP');
    cleanup.push(() => process.kill(pid, 'SIGCONT'));
    await eventually(async () => program.behindS > behindAfter, MEDIA_MS, 250).catch((e: unknown) => {
      throw new Error(`${String(e)} (behind ${program.behindS} s, mixer ${program.mixerPid} stopped: ${pid}, ${program.state})`);
    });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(Number(/^birge_broadcast_program_behind_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(behindAfter);
    process.kill(pid, 'SIGCONT');
    await whenProgram(program, 'the program caught up', () => program.behindS < behindAfter);
    expect(program.mixerPid).toBe(pid);
    expect(program.restarts).toBe(0);
  }, TEST_MS);

  it('keeps the same output while a mediasoup worker is replaced: the slate covers the gap, the new room feeds it', async () => {
    const { sessionId, room, program } = await liveWithProgram();
    const pid = program.mixerPid;
    const cam = await fakeTrack(room, 'camera', speaker, range);
    keep(sendLavfi({ video: { graph: `color=c=red:size=${W}x${H}:rate=30`, track: cam } }));
    let seen: string | undefined;
    const centre = async () => (seen = (await coloursNow(sessionId, CENTRE))?.[0]);
    await whenProgram(program, () => `the red camera on air (seen: ${seen})`, async () => (await centre()) === 'red');
    const reopened = await nextRoom(sessionId, room, () => process.kill(room.origin.slot.worker.pid, 'SIGKILL'));
    // Speakers reconnect to the new room (here: a green camera).
    const again = await fakeTrack(reopened, 'camera', speaker, range);
    cleanup.push(() => again.close());
    keep(sendLavfi({ video: { graph: `color=c=green:size=${W}x${H}:rate=30`, track: again } }));
    await whenProgram(program, () => `the green camera on air (seen: ${seen})`, async () => (await centre()) === 'green');
    expect(program.mixerPid, `the mixer was started again (${program.restarts} restarts; its exit is in the log)`).toBe(pid);
    expect(readFileSync(path.join(mediaDir(sessionId), 'main.rec.m3u8'), 'utf8')).not.toContain('#EXT-X-DISCONTINUITY');
  }, TEST_MS);
});

describe('a citizen given the floor', () => {
  it('stays out of the program in the green room, is in it once on air, and leaves it when the turn ends', async () => {
    const { sessionId, moderator, room, program } = await liveWithProgram();
    const nurlan = await citizen(app);
    const me = await nurlan.put('/api/me/name', { displayName: 'Нұрлан' });
    expect(me.status).toBe(200);
    const [citizenSocket, modSocket] = await Promise.all([joined(app, sessionId, nurlan), joined(app, sessionId, moderator)]);
    cleanup.push(() => (citizenSocket.close(), modSocket.close()));
    const request = await ok(citizenSocket, 'floor:ask', { sessionId, topic: 'Жол қауіпсіздігі' });
    await ok(modSocket, 'floor:invite', { requestId: request.id });
    // Their camera in the green room, registered as the streaming module does for an invited citizen.
    const cam = await fakeTrack(room, 'camera', { id: me.data.id as string, displayName: 'Нұрлан' }, range, { requestId: request.id, backstage: true });
    cleanup.push(() => cam.close());
    keep(sendLavfi({ video: { graph: `color=c=red:size=${W}x${H}:rate=30`, track: cam } }));
    // Above the slate's text.
    const picture = async () => (await coloursNow(sessionId, { x: W / 2, y: H / 5 }))?.[0];

    // Two whole segments written while the camera is backstage: the slate, nobody on air.
    await listed(program, sessionId, segmentCount(sessionId) + 2);
    expect(await picture()).toBe('dark');
    await ok(modSocket, 'floor:onAir', { requestId: request.id, seconds: 120 });
    await whenProgram(program, 'the citizen on air fills the frame', async () => (await picture()) === 'red');
    await ok(modSocket, 'floor:end', { requestId: request.id });
    await whenProgram(program, 'the slate again once the turn ended', async () => (await picture()) === 'dark');
  }, TEST_MS);
});

describe('who gets the media', () => {
  it('refuses path traversal and private files, never serves a cancelled session, and hides an unpublished recording from citizens', async () => {
    const { fx, sessionId, room, program } = await liveWithProgram();
    const viewer = await citizen(app);
    for (const name of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2E%2E%2Fsegments.jsonl', 'segments.jsonl', 'tracks.json', 'main-1.ts.tmp', '..']) {
      const r = await viewer.get(`/media/sessions/${sessionId}/${name}`);
      expect([400, 404], name).toContain(r.status);
    }
    expect((await viewer.get(`/media/sessions/..%2F${sessionId}/index.m3u8`)).status).toBe(400);
    // A file a player may ask for that is not there (yet): no cache keeps that answer.
    for (const name of ['subs-kk-00001.vtt', 'audio-kk.m3u8']) {
      const missing = await viewer.get(`/media/sessions/${sessionId}/${name}`);
      expect(missing.status, name).toBe(404);
      expect(missing.headers.get('cache-control'), name).toBe('no-store');
    }
    const cam = await fakeTrack(room, 'camera', speaker, range);
    cleanup.push(() => cam.close());
    keep(sendLavfi({ video: { graph: `testsrc2=size=${W}x${H}:rate=30`, track: cam } }));
    await listed(program, sessionId, 2);
    const segment = segments(sessionId)[0]!.file;
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    await recording(fx.org, sessionId);
    expect((await viewer.get(`/media/sessions/${sessionId}/${segment}`)).status).toBe(200);

    const off = await fx.org.patch(`/api/sessions/${sessionId}/recording`, { published: false });
    expect(off.data.published).toBe(false);
    // At once: the media route's decision for the session is dropped with the change.
    expect((await viewer.get(`/media/sessions/${sessionId}/${segment}`)).status).toBe(404);
    const hidden = await viewer.get(`/media/sessions/${sessionId}/vod.m3u8`);
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('cache-control')).toBe('no-store');
    expect((await viewer.get(`/api/sessions/${sessionId}/recording`)).status).toBe(404);
    const preview = await fx.org.get(`/media/sessions/${sessionId}/${segment}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('private, no-store');
    // A citizen cannot publish it.
    expect((await viewer.patch(`/api/sessions/${sessionId}/recording`, { published: true })).status).toBe(403);

    // Deleting removes the files for good (audited).
    expect((await fx.org.delete(`/api/sessions/${sessionId}/recording`)).status).toBe(204);
    expect((await fx.org.get(`/media/sessions/${sessionId}/${segment}`)).status).toBe(404);
    const audit = await fx.org.get(`/api/sessions/${sessionId}/audit`);
    expect(JSON.stringify(audit.data)).toContain('recording.delete');
  }, TEST_MS);

  it('turns recording off before the start: the live feed plays, nothing is kept; a cancelled session serves nothing', async () => {
    const fx = await forumWithSession(app);
    const off = await fx.org.patch(`/api/sessions/${fx.session.id}/recording`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.data.state).toBe('off');
    await goLive(fx);
    const sessionId = fx.session.id;
    const viewer = await citizen(app);
    await eventually(async () => (await viewer.get(`/api/sessions/${sessionId}/live-feed`)).data.hls, MEDIA_MS, 250);
    expect((await viewer.get(`/media/sessions/${sessionId}/index.m3u8`)).status).toBe(200);
    // Too late to switch it back on.
    expect((await fx.org.patch(`/api/sessions/${sessionId}/recording`, { enabled: true })).status).toBe(409);
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    await eventually(async () => (await fx.org.get(`/media/sessions/${sessionId}/index.m3u8`)).status === 404, MEDIA_MS, 250);
    expect((await fx.org.get(`/api/sessions/${sessionId}/recording`)).data.state).toBe('off');

    const other = await forumWithSession(app);
    await other.org.post(`/api/sessions/${other.session.id}/cancel`);
    expect((await other.org.get(`/media/sessions/${other.session.id}/index.m3u8`)).status).toBe(404);
  }, TEST_MS);
});

describe('the hand-off and the recording over time', () => {
  it('finalizes what a lost enqueue left pending once the reconciler runs, and a trim cuts the VOD by whole segments', async () => {
    const { fx, sessionId, room, program } = await liveWithProgram();
    const cam = await fakeTrack(room, 'camera', speaker, range);
    cleanup.push(() => cam.close());
    keep(sendLavfi({ video: { graph: `testsrc2=size=${W}x${H}:rate=30`, track: cam } }));
    await listed(program, sessionId, 4);
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    const ready = await recording(fx.org, sessionId);

    // As if the server died between committing a request and enqueueing it.
    await app.core.db.query(`update recordings set finalize_revision = finalize_revision + 1, state = 'processing', trim_start_s = 2 where session_id = $1`, [sessionId]);
    expect(await app.services.recordings.reconcile()).toBe(1);
    const trimmed = await recording(fx.org, sessionId, (r) => r.durationS !== ready.durationS);
    expect(ready.durationS! - trimmed.durationS!).toBeGreaterThanOrEqual(1);
    expect(ready.durationS! - trimmed.durationS!).toBeLessThanOrEqual(4.1);
    const mp4 = await probe(path.join(mediaDir(sessionId), 'recording.mp4'));
    expect(Math.abs(mp4.durationS - trimmed.durationS!)).toBeLessThan(0.5);
    // Nothing is pending any more: another pass enqueues nothing.
    expect(await app.services.recordings.reconcile()).toBe(0);
  }, MEDIA_MS + 2 * FINALIZE_MS);

  const driftSeconds = Number(process.env.BIRGE_TEST_DRIFT_SECONDS ?? 120);
  const driftWaitMs = 2 * driftSeconds * 1000 + MEDIA_MS;
  it(`keeps sound and picture within 100 ms over ${driftSeconds} s (a flash and a beep every second, measured in the MP4)`, async () => {
    const { fx, sessionId, room, program } = await liveWithProgram();
    const cam = await fakeTrack(room, 'camera', speaker, range);
    const mic = await fakeTrack(room, 'mic', speaker, range);
    cleanup.push(() => (cam.close(), mic.close()));
    const speaking = keep(sendLavfi(FLASH_AND_BEEP(W, H, cam, mic)));
    // Enough program for the measurement (the warm-up, then the span), however slowly a busy machine writes it.
    await whenProgram(program, `${driftSeconds} s of program`, () => recordedS(sessionId) >= SYNC_WARMUP_S + driftSeconds, driftWaitMs);
    await speaking.stop();
    await fx.org.post(`/api/sessions/${sessionId}/end`);
    await recording(fx.org, sessionId);
    // The first seconds precede the first sender reports (inputs are aligned by arrival until then).
    // Drift is the offset over time: the median of every 10 s must stay within 100 ms.
    const windows = offsetWindows(await flashAndBeepOnsets(path.join(mediaDir(sessionId), 'recording.mp4')), SYNC_WARMUP_S);
    expect(windows.length).toBeGreaterThanOrEqual(Math.floor((driftSeconds - SYNC_WARMUP_S) / 10 / 2));
    expect(Math.max(...windows.map(Math.abs))).toBeLessThan(100);
  }, driftWaitMs + FINALIZE_MS + MEDIA_MS);
});
