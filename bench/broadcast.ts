/**
 * npm run bench:broadcast [-- --minutes 10]
 *
 * The program feed, measured on this machine with the real pieces: the app (in this process)
 * with a real mediasoup worker and the real mixer process at the configured size (default
 * 720p30), ffmpeg speakers over plain RTP, Chromium viewers, and nginx (Debian's, started
 * here for the comparison only: `apt-get install nginx-light`).
 *
 * 1. program_cpu_cores: two speakers (camera + microphone) and a screen share, mixer CPU from /proc;
 *    program_realtime: program time written per wall second meanwhile (below 0.9 the mixer fell
 *    behind, starved, and its CPU is not the program's cost).
 * 2. hls_latency_ms / webrtc_latency_ms: glass to glass. A speaker goes on air from the studio
 *    page in Chromium with a camera that draws the wall clock (ms, as a 24-bit barcode) into
 *    every frame; a WebRTC viewer page and a standard-stream (hls.js) viewer page decode the
 *    barcode of the frame being shown and compare it with the same clock.
 * 3. av_drift_ms: a flash and a beep every second for `--minutes` (default 10); the largest
 *    median beep−flash offset of any 10 s of the recording's MP4 (after the first seconds, see
 *    SYNC_WARMUP_S); the worst single pair is reported beside it.
 * 4. vod_ready_s: from the end of that session to a playable VOD playlist and MP4.
 * 5. segment_requests_per_core: segment GETs per second per CPU core used, the app's /media
 *    route and nginx serving the same files in the same run (same load generator: 32 keep-alive
 *    connections; in turns, twice each), with the ratio.
 *
 * Targets: program ≤ 0.8 core, keeping real time (≥ 0.9); HLS ≤ 6 s; app ≥ 0.5× nginx per core; VOD ≤ 20 s; drift ≤ 100 ms.
 * Progress on stderr; the last line on stdout is one JSON object.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { pino } from 'pino';
import { loadConfig } from '../platform/config';
import { openDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { openRedis } from '../platform/redis';
import { createApp } from '../server/app';
import { avOffsets, offsetWindows, fakeTrack, FLASH_AND_BEEP, flashAndBeepOnsets, sendLavfi, SYNC_WARMUP_S, type FakeTrack, type Sender } from '../test/integration/broadcast-fixtures';
import { benchOrganizer, benchStage, freePort, httpClient, ROOT, WithId } from './harness';

const TARGET = { program_cpu_cores: 0.8, program_realtime: 0.9, hls_latency_ms: 6000, vod_ready_s: 20, av_drift_ms: 100, segment_ratio_vs_nginx: 0.5 };
const log = (msg: string) => process.stderr.write(`[broadcast] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const { values: argv } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
const minutes = z.coerce.number().min(0.5).max(60).parse(argv.minutes);

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/**
 * The speaker's "camera" in Chromium: a canvas that draws the wall clock (ms mod 2^24) as a
 * 6×4 barcode on every frame, and a tone for the microphone. Source text for addInitScript.
 */
const CLOCK_CAMERA = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const ctx = canvas.getContext('2d');
  setInterval(() => {
    const v = Date.now() % 16777216;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 640, 360);
    ctx.fillStyle = '#fff';
    for (let i = 0; i < 24; i++) if (Math.floor(v / 2 ** i) % 2) ctx.fillRect((i % 6) * 640 / 6, Math.floor(i / 6) * 90, 640 / 6, 90);
  }, 10);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = new MediaStream();
    if (c && c.video) s.addTrack(canvas.captureStream(30).getVideoTracks()[0]);
    if (c && c.audio) {
      const ac = new AudioContext();
      const o = ac.createOscillator();
      const d = ac.createMediaStreamDestination();
      o.connect(d);
      o.start();
      s.addTrack(d.stream.getAudioTracks()[0]);
    }
    return s;
  };
})()`;

/**
 * Reads the barcode of every frame a page's video presents and returns the latency samples
 * (ms). Passed as source text: the page must not see the bundler's helpers.
 */
const READ_CLOCK = `async ({ selector, ms }) => {
  const video = await new Promise((resolve) => {
    const look = () => {
      const v = document.querySelector(selector);
      if (v && v.videoWidth > 0) resolve(v);
      else setTimeout(look, 100);
    };
    look();
  });
  const canvas = document.createElement('canvas');
  canvas.width = 60;
  canvas.height = 40;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const samples = [];
  const end = Date.now() + ms;
  await new Promise((resolve) => {
    const frame = () => {
      const now = Date.now();
      ctx.drawImage(video, 0, 0, 60, 40);
      const px = ctx.getImageData(0, 0, 60, 40).data;
      let v = 0;
      for (let i = 0; i < 24; i++) {
        const x = (i % 6) * 10 + 5;
        const y = Math.floor(i / 6) * 10 + 5;
        if (px[(y * 60 + x) * 4] > 128) v += 2 ** i;
      }
      const lag = ((now % 16777216) - v + 16777216) % 16777216;
      if (lag < 60000) samples.push(lag);
      if (now < end) video.requestVideoFrameCallback(frame);
      else resolve();
    };
    video.requestVideoFrameCallback(frame);
  });
  return samples;
}`;

async function readLatency(page: Page, selector: string, ms: number): Promise<number[]> {
  return z.array(z.number()).parse(await page.evaluate(`(${READ_CLOCK})(${JSON.stringify({ selector, ms })})`));
}

async function loadgen(urls: string[], seconds: number): Promise<{ requests: number; errors: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'broadcast.loadgen.ts'), JSON.stringify(urls), '32', String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await once(child, 'exit');
  return z.object({ requests: z.number(), errors: z.number() }).parse(JSON.parse(out.trim().split('\n').at(-1)!));
}

/** nginx (one worker) serving the media directory as plain files, for the comparison. */
async function startNginx(mediaDir: string): Promise<{ url: string; workerPid: () => number; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = `/tmp/birge-bench-nginx-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off; master_process on; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${port}; location /media/ { alias ${mediaDir}/; add_header Cache-Control "public, max-age=31536000, immutable"; } } }
`,
  );
  const nginx = spawn('/usr/sbin/nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100 && !(await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)); i++) await sleep(50);
  const workerPid = () => Number(execFileSync('pgrep', ['-P', String(nginx.pid)]).toString().trim().split('\n')[0]);
  return {
    url: `http://127.0.0.1:${port}`,
    workerPid,
    async stop() {
      nginx.kill('SIGQUIT');
      await once(nginx, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  log('building the client');
  await build({ configFile: path.join(ROOT, 'client', 'vite.config.ts'), logLevel: 'warn' });
  const mediaDir = `/tmp/birge-bench-media-${process.pid}`;
  const stage = await benchStage(process.env, {
    MEDIA_ENABLED: 'true',
    MEDIA_WORKERS: '1',
    MEDIA_PORT: '0',
    MEDIA_LISTEN_IP: '127.0.0.1',
    MEDIA_DIR: mediaDir,
    RECORDING_MIN_FREE_MB: '0',
    NODE_ENV: 'test',
  });
  const config = loadConfig(stage.env);
  // The server's logs go to stderr: stdout ends with the result line alone.
  const logger = createLogger('warn', 'birge', pino.destination(2));
  const db = await openDb(config, logger);
  const redis = await openRedis(config, logger);
  const app = await createApp({ config, log: logger, db, redis: redis.redis, redisUrl: redis.url, secret: 'bench-secret-'.padEnd(40, 'x') });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const senders: Sender[] = [];
  const tracks: FakeTrack[] = [];
  const range = { min: config.media.rtcMinPort, max: config.media.rtcMaxPort };
  let browser: Browser | undefined;
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  const stopAll = async () => {
    for (const s of senders.splice(0)) await s.stop();
    for (const t of tracks.splice(0)) t.close();
  };
  try {
    const org = await benchOrganizer(url, stage.env, stage.prefix);
    const forum = WithId.parse(await org.post('/api/forums', { slug: `bench-${stage.prefix}`, title: { kk: 'Азаматтық форум', ru: 'Гражданский форум' }, languages: ['kk', 'ru'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 1 }));
    const platform = WithId.parse(await org.post(`/api/forums/${forum.id}/platforms`, { title: { ru: 'Главный зал' } }));
    const session = WithId.parse(await org.post(`/api/forums/${forum.id}/sessions`, { platformId: platform.id, title: { ru: 'Открытый диалог' }, startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' }));
    await org.post(`/api/sessions/${session.id}/start`);
    let program = await app.services.broadcast.program(session.id);
    for (let i = 0; !program && i < 100; i++) {
      await sleep(100);
      program = await app.services.broadcast.program(session.id);
    }
    if (!program) throw new Error('no program started');
    const room = app.services.streaming.room(session.id)!;
    const { width, height, fps, preset } = config.broadcast;
    log(`program ${width}×${height}@${fps} (x264 ${preset}), mixer pid ${program.mixerPid}`);

    // 1. Two speakers and a screen share.
    const a = { id: '00000000-0000-4000-8000-00000000b001', displayName: 'Спикер 1' };
    const b = { id: '00000000-0000-4000-8000-00000000b002', displayName: 'Спикер 2' };
    for (const [who, tone] of [[a, 440], [b, 660]] as const) {
      const cam = await fakeTrack(room, 'camera', who, range);
      const mic = await fakeTrack(room, 'mic', who, range);
      tracks.push(cam, mic);
      senders.push(sendLavfi({ video: { graph: 'testsrc2=size=640x360:rate=30', track: cam }, audio: { graph: `sine=frequency=${tone}:sample_rate=48000`, track: mic } }));
    }
    const screen = await fakeTrack(room, 'screen', a, range);
    tracks.push(screen);
    senders.push(sendLavfi({ video: { graph: 'testsrc2=size=1280x720:rate=15', track: screen } }));
    log('two speakers and a screen share on air; measuring the mixer for 20 s after 10 s');
    // A mixer that falls behind real time (starved of CPU) uses little of it: its CPU is the
    // program's cost only if the program it wrote kept pace with the wall clock meanwhile.
    const ends: { atMs: number; endMs: number }[] = [];
    const onSegment = (e: { rendition: string; startedAtMs: number; durationS: number }) => {
      if (e.rendition === 'main') ends.push({ atMs: performance.now(), endMs: e.startedAtMs + e.durationS * 1000 });
    };
    await sleep(10_000);
    const pid = program.mixerPid!;
    const c0 = cpuSeconds(pid);
    const t0 = performance.now();
    program.on('segment', onSegment);
    await sleep(20_000);
    program.off('segment', onSegment);
    const programCores = (cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
    const [firstEnd, lastEnd] = [ends[0], ends.at(-1)];
    // Program time written between the first and the last segment of the window, over the wall time between them.
    const programRealtime = firstEnd && lastEnd && lastEnd !== firstEnd ? (lastEnd.endMs - firstEnd.endMs) / (lastEnd.atMs - firstEnd.atMs) : 0;
    log(`program_cpu_cores ${programCores.toFixed(3)}, program_realtime ${programRealtime.toFixed(2)} (${ends.length} segments in 20 s)`);
    if (programRealtime < TARGET.program_realtime) log('the mixer fell behind real time: program_cpu_cores is not what the program costs');
    await stopAll();

    // 2. Glass to glass: a speaker in Chromium whose camera shows the wall clock.
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream'] });
    const invite = z.object({ token: z.string() }).parse(await org.post(`/api/forums/${forum.id}/invites`, { role: 'speaker', sessionId: session.id }));
    const speakerHttp = httpClient(url);
    await speakerHttp.post('/api/invites/accept', { token: invite.token, displayName: 'Спикер' });
    const studioCtx = await browser.newContext();
    await studioCtx.addCookies(speakerHttp.cookies());
    await studioCtx.addInitScript({ content: CLOCK_CAMERA });
    await studioCtx.addInitScript(() => localStorage.setItem('birge.lang', 'en'));
    const studio = await studioCtx.newPage();
    await studio.goto(`${url}/s/${session.id}/studio`);
    await studio.getByRole('button', { name: 'Go on air' }).click();
    await studio.locator('.on-air').waitFor({ timeout: 30_000 });
    const viewer = async (standard: boolean) => {
      const ctx = await browser!.newContext();
      await ctx.addInitScript((std) => localStorage.setItem('birge.player', JSON.stringify({ standard: std })), standard);
      const page = await ctx.newPage();
      await page.goto(`${url}/s/${session.id}`);
      return page;
    };
    const [rtcPage, hlsPage] = await Promise.all([viewer(false), viewer(true)]);
    log('viewers open; reading the clock in the frames for 20 s');
    await sleep(8000);
    const [rtcSamples, hlsSamples] = await Promise.all([readLatency(rtcPage, 'video[aria-label]', 20_000), readLatency(hlsPage, '[data-playback="hls"] video', 20_000)]);
    const webrtcLatency = median(rtcSamples);
    const hlsLatency = median(hlsSamples);
    log(`webrtc_latency_ms ${webrtcLatency} (${rtcSamples.length} frames), hls_latency_ms ${hlsLatency} (${hlsSamples.length} frames)`);
    await browser.close();
    browser = undefined;

    // 3 and 4. Flash and beep for `minutes`, then the end of the session.
    // The Chromium pages were the room's last peers: it closes a minute after they left, and with
    // it the tracks below (which are no peers), so the flash and beep used to stop after a minute
    // whatever `minutes` said. They go on the room that opens after that one.
    const left = app.services.streaming.room(session.id);
    if (left && !left.closed) {
      log('waiting for the room the viewers left to close (a minute)');
      await Promise.race([new Promise((resolve) => left.once('close', resolve)), sleep(90_000)]);
    }
    const room3 = await app.services.streaming.openRoom(session.id);
    const cam2 = await fakeTrack(room3, 'camera', a, range);
    const mic2 = await fakeTrack(room3, 'mic', a, range);
    tracks.push(cam2, mic2);
    const syncFrom = Date.now();
    senders.push(sendLavfi({ ...FLASH_AND_BEEP(width, height, cam2, mic2) }));
    log(`a flash and a beep every second for ${minutes} min`);
    await sleep(minutes * 60_000);
    const endAt = performance.now();
    await org.post(`/api/sessions/${session.id}/end`);
    let ready = false;
    while (!ready && performance.now() - endAt < 300_000) {
      await sleep(200);
      const rec = await app.services.recordings.row(session.id);
      ready = rec?.state === 'ready';
    }
    const vodReady = (performance.now() - endAt) / 1000;
    log(`vod_ready_s ${vodReady.toFixed(2)}`);
    await stopAll();
    const dir = path.join(mediaDir, 'sessions', session.id);
    const first = JSON.parse(readFileSync(path.join(dir, 'segments.jsonl'), 'utf8').split('\n')[0]!) as { startedAtMs: number };
    const onsets = await flashAndBeepOnsets(path.join(dir, 'recording.mp4'));
    const fromS = (syncFrom - first.startedAtMs) / 1000 + SYNC_WARMUP_S;
    const offsets = avOffsets(onsets, fromS);
    const windows = offsetWindows(onsets, fromS);
    // Drift: the largest 10-second median offset; the single worst pair is reported beside it.
    const drift = windows.length ? Math.max(...windows.map(Math.abs)) : NaN;
    log(`av_drift_ms ${drift} over ${windows.length} windows of 10 s (${offsets.length} flash/beep pairs, worst ${Math.max(...offsets.map(Math.abs))} ms)`);

    // 5. Serving segments: the app's /media route and nginx, same files, same load.
    const segs = readFileSync(path.join(dir, 'segments.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file).slice(-20);
    const ours = segs.map((f) => `${url}/media/sessions/${session.id}/${f}`);
    // Taken in turns (app, nginx, app, nginx) so a neighbour's load on the shared machine falls on
    // both alike; each side's figure is its requests over its CPU seconds in both turns.
    nginx = await startNginx(mediaDir);
    const theirs = segs.map((f) => `${nginx!.url}/media/sessions/${session.id}/${f}`);
    const sides = { app: { urls: ours, pid: process.pid, requests: 0, cpu: 0, s: 0 }, nginx: { urls: theirs, pid: nginx.workerPid(), requests: 0, cpu: 0, s: 0 } };
    for (const side of Object.values(sides)) await loadgen(side.urls, 1);
    for (let turn = 0; turn < 2; turn++) {
      for (const [name, side] of Object.entries(sides)) {
        const c = cpuSeconds(side.pid);
        const t = performance.now();
        const r = await loadgen(side.urls, 5);
        const cpu = cpuSeconds(side.pid) - c;
        const s = (performance.now() - t) / 1000;
        Object.assign(side, { requests: side.requests + r.requests, cpu: side.cpu + cpu, s: side.s + s });
        log(`${name}: ${Math.round(r.requests / s)} req/s on ${(cpu / s).toFixed(2)} cores (${r.errors} errors)`);
      }
    }
    const perCore = (x: { requests: number; cpu: number }) => x.requests / Math.max(x.cpu, 0.01);
    const app1 = { perCore: perCore(sides.app) };
    const ng = { perCore: perCore(sides.nginx) };

    const result = {
      bench: 'broadcast',
      program: `${width}x${height}@${fps} x264 ${preset}`,
      program_cpu_cores: Math.round(programCores * 1000) / 1000,
      program_realtime: Math.round(programRealtime * 100) / 100,
      hls_latency_ms: Math.round(hlsLatency),
      webrtc_latency_ms: Math.round(webrtcLatency),
      hls_over_webrtc_latency: Math.round((hlsLatency / webrtcLatency) * 10) / 10,
      segment_requests_per_core: Math.round(app1.perCore),
      nginx_segment_requests_per_core: Math.round(ng.perCore),
      segment_ratio_vs_nginx: Math.round((app1.perCore / ng.perCore) * 100) / 100,
      vod_ready_s: Math.round(vodReady * 100) / 100,
      session_minutes: minutes,
      av_drift_ms: drift,
      av_offset_median_ms: median(offsets),
      av_offset_worst_pair_ms: offsets.length ? Math.max(...offsets.map(Math.abs)) : null,
      target: TARGET,
      within_target:
        programCores <= TARGET.program_cpu_cores &&
        programRealtime >= TARGET.program_realtime &&
        hlsLatency <= TARGET.hls_latency_ms && vodReady <= TARGET.vod_ready_s && drift <= TARGET.av_drift_ms && app1.perCore / ng.perCore >= TARGET.segment_ratio_vs_nginx,
      node: process.version,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await stopAll().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await nginx?.stop().catch(() => undefined);
    await app.close();
    await redis.close();
    await db.close();
    await stage.teardown();
    rmSync(mediaDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
