/**
 * npm run bench:media-fanout — how many viewers one mediasoup worker core serves.
 *
 * One producer (ffmpeg: 720p VP8 at ~1.5 Mbit/s over plain RTP) fans out to N plain-RTP
 * consumers whose packets land in a separate receiver process. N ramps up; at each step the
 * worker's CPU share comes from /proc/<pid>/stat and loss compares what ffmpeg sent (the
 * producer's received packets plus its sequence gaps) with what every consumer's socket got.
 * Then the same load on two workers joined by pipeToRouter, for the pipe scaling factor.
 *
 * Last line: one JSON object. consumers_per_worker_core = consumers at the largest step with
 * < 0.5 % loss divided by the worker's CPU share there; pipe_scaling = that capacity with
 * two piped workers (limited by the busier one) over the single worker's. loss_pct counts the
 * packets that never reached a viewer's socket; receiver_loss_pct also counts those the
 * receiver process was too slow to read (the kernel's per-socket drop counter tells them
 * apart), which on a busy machine measures the bench's receiver rather than the worker.
 *
 * Then an audio-only run, the load an interpreted session adds: one Opus producer (a language
 * channel, ffmpeg at 48 kbit/s in 20 ms packets) to N consumers on one worker:
 * audio_consumers_per_worker_core at < 0.5 % loss, the same way. And interpretation_delay_ms
 * from bench/interpretation-delay.ts (Chromium on loopback: the floor to the interpreter's ears,
 * the interpreter's voice to a listener's, through the app's own pages).
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { types } from 'mediasoup';
import { z } from 'zod';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { SOCKET_BUFFER_BYTES } from '../server/streaming/media-config';
import { MediaWorkers } from '../server/streaming/media-workers';
import { Room } from '../server/streaming/room';
import { loadMediasoup } from '../platform/mediasoup-bin';
import { plainViewer, type PortRange } from '../test/integration/streaming-fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STEPS = (process.env.BENCH_STEPS ?? '100,200,300,400,550,700,900,1200,1600,2000').split(',').map(Number);
const AUDIO_STEPS = (process.env.BENCH_AUDIO_STEPS ?? '500,1000,1500,2000,2500,3000,4000,5000,6000').split(',').map(Number);
const AUDIO_SSRC = 41414141;
const WARMUP_MAX_MS = 10_000;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const MAX_LOSS_PCT = 0.5;
const MAX_CPU_SHARE = 0.9;
/** Each ramp stops starting new steps after this, so the whole run stays within a few minutes. */
const RAMP_BUDGET_MS = 90_000;
const RANGE: PortRange = { min: 20000, max: 59999 };
const SSRC = 31313131;
const log = (...a: unknown[]) => console.error('[bench]', ...a);

interface Step {
  consumers: number;
  cpu_share: number;
  /** Packets ffmpeg sent × consumers, against packets the receiving sockets got. */
  loss_pct: number;
  /**
   * The same, counting as delivered what reached the receiving sockets but was dropped there
   * because the receiver process (not the worker) could not keep up on a busy machine.
   */
  delivered_loss_pct: number;
  /** Of that, lost before the worker read it (the producer's sequence gaps). */
  ingest_loss_pct: number;
}

async function main() {
  const started = Date.now();
  const config = loadConfig(process.env);
  if (!config.media.workerBin) throw new Error('no mediasoup-worker: set MEDIASOUP_WORKER_BIN or run scripts/mediasoup-worker.sh');
  const mediasoup = await loadMediasoup(config.media.workerBin);
  const clip = await prepareClip();
  const sink = new Sink();
  const quiet = createLogger('silent');
  try {
    // One worker, ramping.
    const one = await MediaWorkers.create({ mediasoup, count: 1, listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, rtcMinPort: RANGE.min, rtcMaxPort: RANGE.max, log: quiet });
    const steps: Step[] = [];
    let kbps = 0;
    try {
      const room = await Room.create({ sessionId: 'bench-1', pool: one, viewersPerRouter: 1_000_000, pipeListenInfo: pipeInfo(), log: quiet });
      const source = await startSource(room, clip);
      try {
        const active: Viewers = { sockets: [] };
        for (const n of STEPS) {
          await addViewers(room, source.producer, sink, n - active.sockets.length, active);
          let m = await measure(source.producer, sink, active, room.routers.map((r) => r.slot.worker.pid));
          // A busy machine can starve the worker for a moment: a lossy window gets one more try.
          if (m.deliveredLossPct >= MAX_LOSS_PCT) m = await measure(source.producer, sink, active, room.routers.map((r) => r.slot.worker.pid));
          kbps = Math.max(kbps, m.kbps);
          const step = { consumers: n, cpu_share: round(m.cpu[0]!, 3), loss_pct: round(m.lossPct, 3), delivered_loss_pct: round(m.deliveredLossPct, 3), ingest_loss_pct: round(m.ingestLossPct, 3) };
          steps.push(step);
          log(`1 worker, ${n} consumers: cpu ${(step.cpu_share * 100).toFixed(1)} %, loss ${step.loss_pct} % (up to the receiving sockets: ${step.delivered_loss_pct} %, at ingest: ${step.ingest_loss_pct} %)`);
          if (step.delivered_loss_pct >= MAX_LOSS_PCT || step.cpu_share >= MAX_CPU_SHARE || Date.now() - started > RAMP_BUDGET_MS) break;
        }
      } finally {
        await source.stop();
      }
    } finally {
      one.close();
    }
    const good = steps.filter((s) => s.delivered_loss_pct < MAX_LOSS_PCT && s.cpu_share > 0);
    const best = good.at(-1) ?? steps[0]!;
    const capacityOne = best.consumers / Math.max(best.cpu_share, 1e-6);

    // Two workers, the same number of consumers split between them through a pipe.
    const two = await MediaWorkers.create({ mediasoup, count: 2, listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, rtcMinPort: RANGE.min, rtcMaxPort: RANGE.max, log: quiet });
    let pipe: { consumers: number; cpu_share: number[]; loss_pct: number; delivered_loss_pct: number; workers: number };
    try {
      const room = await Room.create({ sessionId: 'bench-2', pool: two, viewersPerRouter: Math.ceil(best.consumers / 2), pipeListenInfo: pipeInfo(), log: quiet });
      const source = await startSource(room, clip);
      try {
        const active: Viewers = { sockets: [] };
        await addViewers(room, source.producer, sink, best.consumers, active);
        let m = await measure(source.producer, sink, active, room.routers.map((r) => r.slot.worker.pid));
        // As in the ramp, a lossy window gets one more try.
        if (m.deliveredLossPct >= MAX_LOSS_PCT) m = await measure(source.producer, sink, active, room.routers.map((r) => r.slot.worker.pid));
        pipe = { consumers: best.consumers, cpu_share: m.cpu.map((c) => round(c, 3)), loss_pct: round(m.lossPct, 3), delivered_loss_pct: round(m.deliveredLossPct, 3), workers: room.routers.length };
        log(`2 workers (pipe), ${best.consumers} consumers: cpu ${m.cpu.map((c) => (c * 100).toFixed(1) + ' %').join(' / ')}, loss ${pipe.loss_pct} %`);
      } finally {
        await source.stop();
      }
    } finally {
      two.close();
    }
    const capacityTwo = pipe.consumers / Math.max(...pipe.cpu_share, 1e-6);

    // Audio only: one Opus channel to N consumers on one worker.
    const audio = await audioRamp(mediasoup, sink, quiet);
    const delay = process.env.BENCH_SKIP_DELAY ? undefined : await interpretationDelay();
    const result = {
      consumers_per_worker_core: Math.round(capacityOne),
      loss_pct: best.delivered_loss_pct,
      receiver_loss_pct: best.loss_pct,
      worker_cpu_share: best.cpu_share,
      consumers_at_measure: best.consumers,
      pipe_scaling: round(capacityTwo / capacityOne, 2),
      /** False when the two-worker run itself lost ≥ 0.5 %: its scaling figure is then not a capacity. */
      pipe_valid: pipe.delivered_loss_pct < MAX_LOSS_PCT,
      pipe,
      steps,
      producer_kbps: Math.round(kbps),
      audio_consumers_per_worker_core: audio.capacity,
      audio_loss_pct: audio.best.delivered_loss_pct,
      audio_receiver_loss_pct: audio.best.loss_pct,
      audio_worker_cpu_share: audio.best.cpu_share,
      audio_consumers_at_measure: audio.best.consumers,
      audio_steps: audio.steps,
      audio_producer_kbps: audio.kbps,
      interpretation_delay_ms: delay?.interpretation_delay_ms ?? null,
      interpretation_delay: delay ?? null,
      cores: os.availableParallelism(),
      load_avg_1m: round(os.loadavg()[0]!, 2),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(result));
  } finally {
    sink.close();
  }
}

/** Where the bench's plain and pipe transports listen, with the buffers the app gives its media sockets. */
function pipeInfo(): types.TransportListenInfo {
  return { protocol: 'udp', ip: '127.0.0.1', portRange: RANGE, sendBufferSize: SOCKET_BUFFER_BYTES, recvBufferSize: SOCKET_BUFFER_BYTES };
}

/** A few seconds of 720p VP8 at ~1.5 Mbit/s, encoded once and looped, so sending costs almost nothing. */
async function prepareClip(): Promise<string> {
  const file = path.join(os.tmpdir(), 'birge-bench-720p-vp8-1500k-v2.webm');
  if (existsSync(file)) return file;
  log('encoding the test clip once:', file);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '8',
    // Moving noise keeps the encoder at its target rate, like a camera does.
    '-vf', 'noise=alls=10:allf=t+u', '-c:v', 'libvpx', '-b:v', '1500k', '-minrate', '1500k', '-maxrate', '1500k', '-bufsize', '1500k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-an', file]);
  return file;
}

/** Ramps Opus consumers on one worker until loss or CPU says stop; capacity as for video. */
async function audioRamp(mediasoup: Awaited<ReturnType<typeof loadMediasoup>>, sink: Sink, quiet: ReturnType<typeof createLogger>) {
  const started = Date.now();
  const clip = await prepareAudioClip();
  const pool = await MediaWorkers.create({ mediasoup, count: 1, listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, rtcMinPort: RANGE.min, rtcMaxPort: RANGE.max, log: quiet });
  const steps: Step[] = [];
  let kbps = 0;
  try {
    const room = await Room.create({ sessionId: 'bench-audio', pool, viewersPerRouter: 1_000_000, pipeListenInfo: pipeInfo(), log: quiet });
    const source = await startAudioSource(room, clip);
    try {
      const active: Viewers = { sockets: [] };
      for (const n of AUDIO_STEPS) {
        await addViewers(room, source.producer, sink, n - active.sockets.length, active);
        let m = await measure(source.producer, sink, active, [room.origin.slot.worker.pid]);
        if (m.deliveredLossPct >= MAX_LOSS_PCT) m = await measure(source.producer, sink, active, [room.origin.slot.worker.pid]);
        kbps = Math.max(kbps, m.kbps);
        const step = { consumers: n, cpu_share: round(m.cpu[0]!, 3), loss_pct: round(m.lossPct, 3), delivered_loss_pct: round(m.deliveredLossPct, 3), ingest_loss_pct: round(m.ingestLossPct, 3) };
        steps.push(step);
        log(`audio, 1 worker, ${n} consumers: cpu ${(step.cpu_share * 100).toFixed(1)} %, loss ${step.loss_pct} % (up to the receiving sockets: ${step.delivered_loss_pct} %)`);
        if (step.delivered_loss_pct >= MAX_LOSS_PCT || step.cpu_share >= MAX_CPU_SHARE || Date.now() - started > RAMP_BUDGET_MS) break;
      }
    } finally {
      await source.stop();
    }
  } finally {
    pool.close();
  }
  const good = steps.filter((s) => s.delivered_loss_pct < MAX_LOSS_PCT && s.cpu_share > 0);
  const best = good.at(-1) ?? steps[0]!;
  return { capacity: Math.round(best.consumers / Math.max(best.cpu_share, 1e-6)), best, steps, kbps: Math.round(kbps) };
}

/** Ten seconds of a voice-band tone as Opus in 20 ms frames (what a browser sends for speech), looped. */
async function prepareAudioClip(): Promise<string> {
  const file = path.join(os.tmpdir(), 'birge-bench-opus-48k-20ms-v1.webm');
  if (existsSync(file)) return file;
  log('encoding the audio clip once:', file);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000,volume=0.5', '-t', '10', '-ac', '1', '-c:a', 'libopus', '-b:a', '48k', '-frame_duration', '20', '-application', 'voip', file]);
  return file;
}

async function startAudioSource(room: Room, clip: string): Promise<{ producer: types.Producer; stop(): Promise<void> }> {
  const transport = await room.origin.router.createPlainTransport({ listenInfo: pipeInfo(), rtcpListenInfo: pipeInfo(), rtcpMux: false, comedia: true });
  const producer = await transport.produce({ kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: AUDIO_SSRC }] } });
  await room.addProducer(producer, { id: producer.id, kind: 'audio', source: 'interpretation', channel: 'ru', speaker: { id: 'bench', displayName: 'ffmpeg' }, paused: false });
  const url = `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}`;
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip, '-map', '0:a', '-c:a', 'copy', '-ssrc', String(AUDIO_SSRC), '-payload_type', '100', '-f', 'rtp', url], { stdio: 'ignore' });
  return {
    producer,
    async stop() {
      ffmpeg.kill('SIGKILL');
      transport.close();
    },
  };
}

const DelayResult = z.looseObject({ interpretation_delay_ms: z.number() });

/** bench/interpretation-delay.ts in its own process (it runs the app and Chromium); its last line is its JSON. */
async function interpretationDelay(): Promise<z.infer<typeof DelayResult> | undefined> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'interpretation-delay.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  const parsed = code === 0 ? DelayResult.safeParse(JSON.parse(last || 'null')) : undefined;
  if (!parsed?.success) {
    log('interpretation delay: no result', { code });
    return undefined;
  }
  return parsed.data;
}

async function startSource(room: Room, clip: string): Promise<{ producer: types.Producer; stop(): Promise<void> }> {
  const transport = await room.origin.router.createPlainTransport({ listenInfo: pipeInfo(), rtcpListenInfo: pipeInfo(), rtcpMux: false, comedia: true });
  const producer = await transport.produce({ kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: SSRC }] } });
  await room.addProducer(producer, { id: producer.id, kind: 'video', source: 'camera', speaker: { id: 'bench', displayName: 'ffmpeg' }, paused: false });
  const url = `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200`;
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip, '-map', '0:v', '-c:v', 'copy', '-ssrc', String(SSRC), '-payload_type', '101', '-f', 'rtp', url], { stdio: 'ignore' });
  return {
    producer,
    async stop() {
      ffmpeg.kill('SIGKILL');
      transport.close();
    },
  };
}

/** Adds `count` consumers, each on a PlainTransport sending to its own socket in the receiver process. */
async function addViewers(room: Room, producer: types.Producer, sink: Sink, count: number, active: Viewers) {
  if (count <= 0) return;
  const { first, ports } = await sink.open(count);
  const batch = 50;
  for (let i = 0; i < ports.length; i += batch) {
    await Promise.all(ports.slice(i, i + batch).map((port) => plainViewer(room, [producer], port, RANGE)));
  }
  active.sockets.push(...ports.map((_, i) => first + i));
}

/** The consumers of a run and the receiver sockets they send to. */
interface Viewers {
  sockets: number[];
}



async function measure(producer: types.Producer, sink: Sink, active: Viewers, pids: number[]) {
  // Every consumer waits for a keyframe (one a second) before forwarding: measure once all have.
  const until = Date.now() + WARMUP_MAX_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const { packets } = await sink.counts();
    if (active.sockets.every((i) => (packets[i] ?? 0) > 0) || Date.now() > until) break;
  }
  const [p0, s0] = [await producerCounts(producer), await sink.counts()];
  const c0 = pids.map(cpuTicks);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const c1 = pids.map(cpuTicks);
  const seconds = (performance.now() - t0) / 1000;
  const [p1, s1] = [await producerCounts(producer), await sink.counts()];
  const sent = p1.sent - p0.sent;
  const delta = (a: number[], b: number[]) => active.sockets.reduce((sum, i) => sum + (b[i] ?? 0) - (a[i] ?? 0), 0);
  const received = delta(s0.packets, s1.packets);
  const dropped = delta(s0.drops, s1.drops);
  const expected = sent * active.sockets.length;
  const pct = (got: number) => (expected > 0 ? Math.max(0, (1 - got / expected) * 100) : 100);
  return {
    cpu: pids.map((_, i) => (c1[i]! - c0[i]!) / 100 / seconds),
    lossPct: pct(received),
    /** Counting what the receiving process was too slow to read as delivered. */
    deliveredLossPct: pct(received + dropped),
    /** Packets ffmpeg sent that never reached the worker (its receive queue overflowed). */
    ingestLossPct: sent > 0 ? ((p1.lost - p0.lost) / sent) * 100 : 0,
    kbps: ((p1.bytes - p0.bytes) * 8) / 1000 / seconds,
  };
}

/** Packets ffmpeg sent: those the producer received plus the sequence gaps it saw. */
async function producerCounts(producer: types.Producer): Promise<{ sent: number; lost: number; bytes: number }> {
  const [s] = await producer.getStats();
  return { sent: (s?.packetCount ?? 0) + (s?.packetsLost ?? 0), lost: s?.packetsLost ?? 0, bytes: s?.byteCount ?? 0 };
}

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const Opened = z.object({ type: z.literal('opened'), first: z.number(), ports: z.array(z.number()) });
const Counts = z.object({ type: z.literal('counts'), packets: z.array(z.number()), drops: z.array(z.number()) });

/** The receiver process (bench/media-fanout.sink.ts). */
class Sink {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(path.join(HERE, 'media-fanout.sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  /** Opens `count` sockets; their counters are at indexes first … first + count − 1. */
  async open(count: number): Promise<{ first: number; ports: number[] }> {
    const { first, ports } = await this.#ask({ type: 'open', count }, Opened);
    return { first, ports };
  }
  async counts(): Promise<{ packets: number[]; drops: number[] }> {
    const { packets, drops } = await this.#ask({ type: 'counts' }, Counts);
    return { packets, drops };
  }
  close() {
    if (this.#child.connected) this.#child.send({ type: 'close' });
    this.#child.kill();
  }
  #ask<S extends z.core.$ZodType>(message: object, schema: S): Promise<z.infer<S>> {
    return new Promise((resolve, reject) => {
      const exited = () => reject(new Error('receiver process exited'));
      const on = (raw: unknown) => {
        const r = z.safeParse(schema, raw);
        if (!r.success) return;
        this.#child.off('message', on);
        this.#child.off('exit', exited);
        resolve(r.data);
      };
      this.#child.on('message', on);
      this.#child.once('exit', exited);
      this.#child.send(message);
    });
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
