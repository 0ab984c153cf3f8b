/**
 * Tools for broadcast tests and the broadcast benchmark: speakers made of ffmpeg (any lavfi
 * picture and sound) publishing into a room over plain RTP, and readers of what the program
 * wrote (segments, frames, pixels, onsets).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import type { MediaSource } from '../../common/stream.contract';
import type { Room } from '../../server/streaming/room';

const run = promisify(execFile);

export interface FakeTrack {
  producer: types.Producer;
  target: { rtp: number; rtcp: number };
  ssrc: number;
  payloadType: number;
  close(): void;
}

let nextSsrc = 30_000_000;

/**
 * One comedia PlainTransport producer on the room's origin, registered like a speaker's track
 * (with `floor`, like the track of a citizen given the floor: backstage while invited).
 */
export async function fakeTrack(
  room: Room,
  source: MediaSource,
  speaker: { id: string; displayName: string },
  range: { min: number; max: number },
  floor?: { requestId: string; backstage: boolean },
): Promise<FakeTrack> {
  const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1', portRange: range };
  const t = await room.origin.router.createPlainTransport({ listenInfo, rtcpListenInfo: listenInfo, rtcpMux: false, comedia: true });
  const ssrc = nextSsrc++;
  const audio = source === 'mic';
  const payloadType = audio ? 100 : 101;
  const producer = await t.produce({
    kind: audio ? 'audio' : 'video',
    rtpParameters: {
      codecs: [audio ? { mimeType: 'audio/opus', payloadType, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } } : { mimeType: 'video/VP8', payloadType, clockRate: 90000 }],
      encodings: [{ ssrc }],
    },
  });
  await room.addProducer(producer, { id: producer.id, kind: producer.kind, source, speaker, paused: false, ...(floor ? { floor } : {}) });
  return { producer, target: { rtp: t.tuple.localPort, rtcp: t.rtcpTuple!.localPort }, ssrc, payloadType, close: () => t.close() };
}

export type Sender = ChildProcess & { stop(): Promise<void> };

/** Where a sender sends one stream: a track's RTP and RTCP ports, SSRC and payload type. */
export type RtpTarget = Pick<FakeTrack, 'target' | 'ssrc' | 'payloadType'>;

/**
 * ffmpeg sending lavfi sources in real time: `video` is a lavfi graph (e.g. `color=c=red:s=320x180:r=30`),
 * `audio` one too; each goes to its track.
 */
export function sendLavfi(opts: { video?: { graph: string; track: RtpTarget }; audio?: { graph: string; track: RtpTarget }; seconds?: number }): Sender {
  const url = (t: RtpTarget) => `rtp://127.0.0.1:${t.target.rtp}?rtcpport=${t.target.rtcp}&pkt_size=1200`;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
  if (opts.video) args.push('-re', '-f', 'lavfi', '-i', opts.video.graph);
  if (opts.audio) args.push('-re', '-f', 'lavfi', '-i', opts.audio.graph);
  if (opts.seconds) args.push('-t', String(opts.seconds));
  let input = 0;
  if (opts.video) {
    const t = opts.video.track;
    // One encoder thread: libvpx's VP8 threads wait for each other spinning, so two of them took half
    // a core per stream (a 640x360@30 camera: 0.08 of a core on one thread, 0.5 on two).
    args.push('-map', `${input++}:v:0`, '-c:v', 'libvpx', '-threads', '1', '-b:v', '400k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-pix_fmt', 'yuv420p', '-ssrc', String(t.ssrc), '-payload_type', String(t.payloadType), '-f', 'rtp', url(t));
  }
  if (opts.audio) {
    const t = opts.audio.track;
    args.push('-map', `${input}:a:0`, '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '64k', '-ssrc', String(t.ssrc), '-payload_type', String(t.payloadType), '-f', 'rtp', url(t));
  }
  // A speaker's browser runs on a machine of its own: it neither takes the server's CPU nor waits
  // for it. The kernel shares the CPU between sessions first (autogroup, on in Debian's kernels)
  // and by nice value only within one. Raised within the caller's session, the senders took the
  // CPU of the mixer they feed (on a busy machine the mixer got 0.02 of a core and fell behind
  // real time); not raised, a sender is starved there and sends late, and its sender reports
  // (wall clock at sending, paired with the packet's media time) then skew the drift measured by
  // up to 200 ms. So a sender starts a session of its own (`detached`: setsid) whose group goes
  // first where allowed (root, as in CI); setpriv's parent-death signal ends it with the process
  // that started it.
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'ffmpeg', ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  child.stderr.resume();
  if (child.pid) raise(child.pid);
  return Object.assign(child, {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  });
}

/**
 * Puts a sender first: its session's group (autogroup) and, where there is none or it does not
 * apply (a cgroup of its own), the process itself (alone in its group, that changes nothing).
 * Where not allowed (not root), it runs as any process does.
 */
function raise(pid: number) {
  const high = constants.priority.PRIORITY_HIGH;
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(high));
  } catch {
    // No autogroup here, or not allowed.
  }
  try {
    setPriority(pid, high);
  } catch {
    // Not allowed.
  }
}

/** A white flash and a 1 kHz beep at the start of every second, 100 ms each: the A/V sync source. */
export function FLASH_AND_BEEP(width: number, height: number, video: FakeTrack, audio: FakeTrack) {
  return {
    video: { graph: `color=c=black:size=${width}x${height}:rate=30,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t\\,1)\\,0.1)'`, track: video },
    audio: { graph: `sine=frequency=1000:sample_rate=48000:samples_per_frame=480,volume=volume='if(lt(mod(t\\,1)\\,0.1)\\,1\\,0)':eval=frame`, track: audio },
  };
}

/** Codec names and duration of a media file, from ffprobe. */
export async function probe(file: string): Promise<{ codecs: string[]; durationS: number; width: number; height: number; audioStreams: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,width,height:format=duration', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { streams: { codec_name: string; codec_type: string; width?: number; height?: number }[]; format: { duration?: string } };
  const video = j.streams.find((s) => s.codec_type === 'video');
  return {
    codecs: j.streams.map((s) => s.codec_name),
    durationS: Number(j.format.duration ?? 0),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    audioStreams: j.streams.filter((s) => s.codec_type === 'audio').length,
  };
}

/** The RGB colour at (x, y) of the last frame of a segment (or any video file). */
export async function pixelAt(file: string, points: { x: number; y: number }[], size: { width: number; height: number }): Promise<[number, number, number][]> {
  // Every frame, then the last one (seeking from the end is unreliable in MPEG-TS).
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 256 << 20 });
  const frame = size.width * size.height * 3;
  const base = stdout.length - frame;
  if (base < 0) throw new Error(`no frame in ${file}`);
  return points.map(({ x, y }) => {
    const o = base + (y * size.width + x) * 3;
    return [stdout[o]!, stdout[o + 1]!, stdout[o + 2]!];
  });
}

/** Which of red, green, blue dominates a pixel (or 'dark' / 'other'). */
export function colourOf([r, g, b]: [number, number, number]): 'red' | 'green' | 'blue' | 'dark' | 'other' {
  if (r < 60 && g < 60 && b < 60) return 'dark';
  if (r > 150 && g < 100 && b < 100) return 'red';
  if (g > 100 && r < 100 && b < 100) return 'green';
  if (b > 150 && r < 100 && g < 100) return 'blue';
  return 'other';
}

/** Onsets (s) of the flashes in a video (white after black) and of the beeps in its sound (sound after silence). */
export async function flashAndBeepOnsets(file: string): Promise<{ flashes: number[]; beeps: number[] }> {
  const v = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:v:0', '-vf', 'blackdetect=d=0.2:pix_th=0.3', '-f', 'null', '-'], { maxBuffer: 16 << 20 });
  const a = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'silencedetect=n=-30dB:d=0.3', '-f', 'null', '-'], { maxBuffer: 16 << 20 });
  const flashes = [...v.stderr.matchAll(/black_end:([\d.]+)/g)].map((m) => Number(m[1]));
  const beeps = [...a.stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
  return { flashes, beeps };
}

/** Seconds at the start of a recording before RTCP sender reports have lined the inputs up. */
export const SYNC_WARMUP_S = 5;

/** Pairs every beep (after `fromS`) with the nearest flash and returns the offsets (beep − flash, ms). */
export function avOffsets(onsets: { flashes: number[]; beeps: number[] }, fromS = 0): number[] {
  const out: number[] = [];
  for (const b of onsets.beeps) {
    if (b < fromS) continue;
    let best: number | undefined;
    for (const f of onsets.flashes) if (best === undefined || Math.abs(b - f) < Math.abs(b - best)) best = f;
    if (best !== undefined && Math.abs(b - best) < 0.5) out.push(Math.round((b - best) * 1000));
  }
  return out;
}

/**
 * The sync offset over time: the median beep−flash offset (ms) of each `windowS` window of
 * flash/beep pairs, so a frame a starved machine dropped here and there does not read as drift.
 */
export function offsetWindows(onsets: { flashes: number[]; beeps: number[] }, fromS: number, windowS = 10): number[] {
  const pairs: { at: number; ms: number }[] = [];
  for (const b of onsets.beeps) {
    if (b < fromS) continue;
    const [ms] = avOffsets({ flashes: onsets.flashes, beeps: [b] });
    if (ms !== undefined) pairs.push({ at: b, ms });
  }
  const windows = new Map<number, number[]>();
  for (const p of pairs) {
    const w = Math.floor((p.at - fromS) / windowS);
    windows.set(w, [...(windows.get(w) ?? []), p.ms]);
  }
  return [...windows.values()].filter((xs) => xs.length >= windowS / 3).map((xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
}
