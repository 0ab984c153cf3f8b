/**
 * tsx bench/interpretation-delay.ts (run by npm run bench:media-fanout) — the interpreter's
 * mouth-to-ear delay on loopback: a sound made at the speaker's microphone reaches the
 * interpreter's ears (the booth, floor audio with the least delay), and the interpreter's voice
 * reaches a listener of the channel (the session page). The interpreter is a machine here: the
 * moment its booth hears the speaker's pulse it answers with a pulse of its own, so the figure
 * is what the platform adds, without the human's own lag.
 *
 * The real server (server/main.ts) with a real mediasoup worker, the app's own pages in Chromium:
 * speaker studio, interpreter booth (on air in ru), session page listening to ru. The microphones
 * are tones gated into pulses (test/browser/helpers/tone-mic.ts: 1 kHz for the speaker, 2 kHz
 * for the interpreter). Each page reads, sample by sample, its microphone track (the mouth) and
 * the remote track its <audio> element plays (the ear), and notes where each pulse begins, on
 * the audio frames' own timestamps, on one clock for all pages. Chromium stamps remote
 * audio when its output pulls it from the jitter buffer; what the sound card adds after that is
 * the playout delay each page's getStats reports (booth_ear / listener_ear.playoutMs; Chromium's
 * fake device here says 30 ms).
 *
 * Last line on stdout: {"interpretation_delay_ms", "floor_to_interpreter_ms", "interpreter_to_listener_ms", ...}.
 * interpretation_delay_ms is the median over the pulses of the two legs added (floor mouth →
 * booth frame, interpreter mouth → listener frame) plus both pages' playout delay, without the
 * machine interpreter's own answer time (machine_reaction_ms); the legs are medians to the
 * frame. booth_ear / listener_ear say where the time went: the jitter buffer, its target and
 * minimum (lip sync raises the minimum), the interarrival jitter. Target: interpretation_delay_ms ≤ 400.
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { toneMic, type ToneMicHandle } from '../test/browser/helpers/tone-mic';
import { benchOrganizer, benchStage, httpClient, ROOT, runTsx, waitHealthy, WithId, type HttpClient } from './harness';

const PULSES = Number(process.env.BENCH_PULSES ?? 10);
const WARMUP_PULSES = 2;
const PULSE_EVERY_MS = 1500;
const PULSE_MS = 60;
const PULSE_LEVEL = 0.4;
const FLOOR_HZ = 1000;
const INTERPRETER_HZ = 2000;
const TARGET_MS = 400;
const log = (msg: string) => process.stderr.write(`[interpretation-delay] ${msg}\n`);
const Invite = z.object({ token: z.string() });
const ProbeTimes = z.object({ mouth: z.array(z.number()), ear: z.array(z.number()) });

/** What {@link probePage} leaves on `window`. */
interface Probe {
  /** Onsets of pulses (ms, the pages' shared monotonic clock) in the page's microphone track: the mouth. */
  mouth: number[];
  /** Onsets in what the page's <audio> element plays, as the browser hands it out: the ear. */
  ear: number[];
  /** Called at each onset heard (the machine interpreter answers with it). */
  answer?: () => void;
}

/**
 * Runs in every page before the app: reads, sample by sample, the microphone track the app
 * sends (the tone of test/browser/helpers/tone-mic.ts) and the remote track the page's <audio>
 * element plays, and notes where each pulse begins. Times are the audio frames' own
 * timestamps (Chromium stamps a remote track's audio when the output pulls it from the jitter
 * buffer, and a local one when it is produced) plus the page's time origin, one clock for all
 * pages of the browser; the sample's index within its frame gives the rest, so neither a block
 * size nor the main thread's lateness enters the figure.
 */
function probePage(opts: { threshold: number; quietMs: number }) {
  interface AudioFrame {
    timestamp: number;
    sampleRate: number;
    numberOfFrames: number;
    copyTo(into: Float32Array, o: { planeIndex: number; format: 'f32-planar' }): void;
    close(): void;
  }
  type Processor = new (o: { track: MediaStreamTrack }) => { readable: ReadableStream<AudioFrame> };
  const Processor = (window as unknown as { MediaStreamTrackProcessor: Processor }).MediaStreamTrackProcessor;
  const probe: Probe = { mouth: [], ear: [] };
  (window as unknown as { __probe: Probe }).__probe = probe;
  // The page's connections, for the receive statistics at the end.
  const pcs: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      pcs.push(this);
    }
  };
  const tap = (track: MediaStreamTrack, into: number[], onOnset?: () => void) => {
    const reader = new Processor({ track }).readable.getReader();
    let lastLoud = -Infinity;
    let buf = new Float32Array(0);
    void (async () => {
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) return;
        if (buf.length < frame.numberOfFrames) buf = new Float32Array(frame.numberOfFrames);
        frame.copyTo(buf, { planeIndex: 0, format: 'f32-planar' });
        // Chromium gives the frames a page's own performance.now() time: on to the shared clock.
        const t0 = performance.timeOrigin + frame.timestamp / 1000;
        const msPerSample = 1000 / frame.sampleRate;
        const n = frame.numberOfFrames;
        frame.close();
        for (let i = 0; i < n; i++) {
          if (Math.abs(buf[i]!) < opts.threshold) continue;
          const t = t0 + i * msPerSample;
          if (t - lastLoud > opts.quietMs) {
            into.push(t);
            onOnset?.();
          }
          lastLoud = t;
        }
      }
    })();
    return () => void reader.cancel().catch(() => undefined);
  };
  let mic: MediaStreamTrack | undefined;
  let ear: MediaStreamTrack | undefined;
  let stopEar: (() => void) | undefined;
  // Attaching only: once a tap runs, its times come from the frames, not from this poll.
  setInterval(() => {
    const m = (window as unknown as { __toneMic?: { track?: MediaStreamTrack } }).__toneMic?.track;
    if (m && m !== mic) {
      mic = m;
      tap(m, probe.mouth);
    }
    const src = document.querySelector('audio')?.srcObject;
    const e = src instanceof MediaStream ? src.getAudioTracks()[0] : undefined;
    if (e !== ear) {
      stopEar?.();
      ear = e;
      stopEar = e ? tap(e, probe.ear, () => probe.answer?.()) : undefined;
    }
  }, 50);
}

/**
 * `fn(arg)` as source text for a page: tsx keeps function names with a `__name()` helper that
 * pages do not have, so the text brings a no-op one.
 */
function pageSource<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg) ?? ''}); })()`;
}

async function personPage(browser: Browser, http: HttpClient | undefined, mic: number | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  if (http) await context.addCookies(http.cookies());
  await context.addInitScript(() => localStorage.setItem('birge.lang', 'en'));
  if (mic !== undefined) await toneMic(context, { hz: mic, level: PULSE_LEVEL, pulseMs: PULSE_MS });
  await context.addInitScript({ content: pageSource(probePage, { threshold: PULSE_LEVEL / 4, quietMs: PULSE_EVERY_MS / 3 }) });
  return { context, page: await context.newPage() };
}

async function invitee(org: HttpClient, url: string, forumId: string, body: object, name: string): Promise<HttpClient> {
  const invite = Invite.parse(await org.post(`/api/forums/${forumId}/invites`, body));
  const http = httpClient(url);
  await http.post('/api/invites/accept', { token: invite.token, displayName: name });
  return http;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : NaN;
};

/** The first time in `xs` from `t - early` to `t + within` ms. */
const after = (xs: readonly number[], t: number, within: number, early = 0) => xs.find((x) => x >= t - early && x - t < within);

/**
 * Chromium stamps a frame of a WebAudio-made track a little before the render that made it
 * (7 ms in a check), so the booth's answer can read as slightly before what it answers: the
 * mouth is taken as that stamp, which if anything adds to the delays measured.
 */
const MOUTH_STAMP_EARLY_MS = 50;

/**
 * Follows each pulse through the chain: spoken at the floor → heard in the booth → answered →
 * heard by the listener. A pulse lost at any step is left out rather than paired with the next one.
 */
function chains(spoken: number[], boothHeard: number[], boothSpoke: number[], listenerHeard: number[]) {
  return spoken.flatMap((s) => {
    const h = after(boothHeard, s, 1500);
    const a = h === undefined ? undefined : after(boothSpoke, h, 300, MOUTH_STAMP_EARLY_MS);
    const l = a === undefined ? undefined : after(listenerHeard, a, 1500);
    return h === undefined || a === undefined || l === undefined ? [] : [{ toInterpreter: h - s, reaction: a - h, toListener: l - a }];
  });
}

/** The receive side of the track a page plays, from its own getStats (ms per sample, over the pulses). */
interface EarStats {
  /** Time in the jitter buffer. */
  jitterBufferMs: number;
  /** What the jitter buffer aimed for, and the least it was allowed (raised by lip sync). */
  targetMs: number;
  minimumMs: number;
  /** Interarrival jitter at the end (RFC 3550). */
  jitterMs: number;
  /** From the jitter buffer to the (fake) sound card's output. */
  playoutMs: number | null;
}
const StatsTotals = z.object({ jb: z.number(), jbTarget: z.number(), jbMin: z.number(), emitted: z.number(), jitter: z.number(), playout: z.number(), samples: z.number() }).nullable();

/** Runs in a page: totals of the inbound audio stream behind its <audio> track (connections kept by probePage). */
async function readEarTotals(): Promise<unknown> {
  const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
  const src = document.querySelector('audio')?.srcObject;
  const track = src instanceof MediaStream ? src.getAudioTracks()[0] : undefined;
  for (const pc of pcs) {
    const report = await pc.getStats();
    for (const s of report.values() as IterableIterator<Record<string, unknown>>) {
      if (s.type !== 'inbound-rtp' || s.kind !== 'audio' || s.trackIdentifier !== track?.id) continue;
      const playout = typeof s.playoutId === 'string' ? (report.get(s.playoutId) as Record<string, number> | undefined) : undefined;
      const n = (k: string) => (typeof s[k] === 'number' ? s[k] : 0);
      return {
        jb: n('jitterBufferDelay'),
        jbTarget: n('jitterBufferTargetDelay'),
        jbMin: n('jitterBufferMinimumDelay'),
        emitted: n('jitterBufferEmittedCount'),
        jitter: n('jitter'),
        playout: playout?.totalPlayoutDelay ?? 0,
        samples: playout?.totalSamplesCount ?? 0,
      };
    }
  }
  return null;
}

async function earTotals(page: Page) {
  return StatsTotals.parse(await page.evaluate(pageSource(readEarTotals, undefined)));
}

function earStats(before: z.infer<typeof StatsTotals>, after: z.infer<typeof StatsTotals>): EarStats | null {
  if (!before || !after || after.emitted <= before.emitted) return null;
  const emitted = after.emitted - before.emitted;
  const samples = after.samples - before.samples;
  return {
    jitterBufferMs: round(((after.jb - before.jb) / emitted) * 1000),
    targetMs: round(((after.jbTarget - before.jbTarget) / emitted) * 1000),
    minimumMs: round(((after.jbMin - before.jbMin) / emitted) * 1000),
    jitterMs: round(after.jitter * 1000),
    playoutMs: samples > 0 ? round(((after.playout - before.playout) / samples) * 1000) : null,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  log('building the client');
  await build({ configFile: path.join(ROOT, 'client', 'vite.config.ts'), logLevel: 'warn' });
  const stage = await benchStage(process.env, { MEDIA_ENABLED: 'true', MEDIA_WORKERS: '1', MEDIA_PORT: '0', MEDIA_LISTEN_IP: '127.0.0.1' });
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    server = runTsx(['server/main.ts'], stage.env);
    const { url } = stage;
    await waitHealthy(server, url);
    const org = await benchOrganizer(url, stage.env, stage.prefix);
    const forum = WithId.parse(await org.post('/api/forums', { slug: `bench-${stage.prefix}`, title: { kk: 'Азаматтық форум', ru: 'Гражданский форум' }, languages: ['kk', 'ru'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 1 }));
    const platform = WithId.parse(await org.post(`/api/forums/${forum.id}/platforms`, { title: { ru: 'Главный зал' } }));
    const session = WithId.parse(await org.post(`/api/forums/${forum.id}/sessions`, { platformId: platform.id, title: { kk: 'Ашық диалог' }, startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' }));
    await org.post(`/api/sessions/${session.id}/start`);
    const speakerHttp = await invitee(org, url, forum.id, { role: 'speaker', sessionId: session.id }, 'Спикер');
    const interpreterHttp = await invitee(org, url, forum.id, { role: 'interpreter', sessionId: session.id, language: 'ru' }, 'Аудармашы');

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
    });
    log('speaker on air');
    const speaker = await personPage(browser, speakerHttp, FLOOR_HZ);
    await speaker.page.goto(`${url}/s/${session.id}/studio`);
    await speaker.page.getByRole('button', { name: 'Go on air' }).click();
    await speaker.page.locator('.on-air').waitFor({ timeout: 30_000 });

    log('interpreter on air in ru, answering every pulse it hears');
    const booth = await personPage(browser, interpreterHttp, INTERPRETER_HZ);
    await booth.page.goto(`${url}/s/${session.id}/interpret`);
    await booth.page.getByRole('button', { name: 'Go on air', disabled: false }).click({ timeout: 30_000 });
    await booth.page.locator('.air-state.is-on').waitFor({ timeout: 30_000 });
    await booth.page.evaluate(() => {
      const w = window as unknown as { __probe: Probe; __toneMic: ToneMicHandle };
      w.__probe.answer = () => w.__toneMic.pulse();
    });

    log('listener on the ru channel');
    const listener = await personPage(browser, undefined, undefined);
    await listener.page.goto(`${url}/s/${session.id}`);
    const choice = listener.page.getByRole('combobox', { name: 'Listen in' });
    await choice.waitFor({ timeout: 30_000 });
    await choice.selectOption('ru');
    await listener.page.getByRole('option', { name: /interpreting/ }).waitFor({ state: 'attached', timeout: 30_000 });

    const pulse = () => speaker.page.evaluate(() => (window as unknown as { __toneMic: ToneMicHandle }).__toneMic.pulse());
    const probe = (p: Page) => p.evaluate(() => (window as unknown as { __probe: Probe }).__probe).then((v) => ProbeTimes.parse(v));
    // The first pulses let the jitter buffers meet the stream; only the later ones count.
    log(`${WARMUP_PULSES} warm-up pulses, then ${PULSES}`);
    for (let i = 0; i < WARMUP_PULSES; i++) {
      await pulse();
      await speaker.page.waitForTimeout(PULSE_EVERY_MS);
    }
    const since = Math.max(...(await probe(speaker.page)).mouth, 0) + 1;
    const statsBefore = await Promise.all([booth.page, listener.page].map(earTotals));
    for (let i = 0; i < PULSES; i++) {
      await pulse();
      await speaker.page.waitForTimeout(PULSE_EVERY_MS);
    }
    const statsAfter = await Promise.all([booth.page, listener.page].map(earTotals));
    const [s, b, l] = await Promise.all([speaker.page, booth.page, listener.page].map(probe));
    const rel = (xs: number[]) => xs.map((x) => Math.round(x - since)).join(' ');
    log(`onsets (ms after the warm-up): floor mouth ${rel(s!.mouth)} | booth ear ${rel(b!.ear)} | booth mouth ${rel(b!.mouth)} | listener ear ${rel(l!.ear)}`);
    const measured = chains(s!.mouth.filter((t) => t >= since), b!.ear, b!.mouth, l!.ear);
    const boothEar = earStats(statsBefore[0]!, statsAfter[0]!);
    const listenerEar = earStats(statsBefore[1]!, statsAfter[1]!);
    // From the frame to the sound card, as each page's getStats estimates it: part of reaching an ear.
    const playout = (boothEar?.playoutMs ?? 0) + (listenerEar?.playoutMs ?? 0);
    const delays = measured.map((m) => m.toInterpreter + m.toListener + playout);
    const result = {
      interpretation_delay_ms: Math.round(median(delays)),
      interpretation_delay_max_ms: Math.round(Math.max(...delays)),
      floor_to_interpreter_ms: Math.round(median(measured.map((m) => m.toInterpreter))),
      interpreter_to_listener_ms: Math.round(median(measured.map((m) => m.toListener))),
      /** The machine interpreter's own answer time (not the platform's; a human adds seconds here). */
      machine_reaction_ms: Math.round(median(measured.map((m) => m.reaction))),
      booth_ear: boothEar,
      listener_ear: listenerEar,
      pulses: PULSES,
      pulses_through: measured.length,
      target_ms: TARGET_MS,
      within_target: median(delays) <= TARGET_MS,
      load_avg_1m: round(os.loadavg()[0]!),
    };
    console.log(JSON.stringify(result));
  } finally {
    await browser?.close();
    await stage.teardown(server);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
