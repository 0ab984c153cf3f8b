/**
 * Plain-RTP tools for media tests and the fan-out benchmark: ffmpeg as a speaker that sends
 * Opus and VP8 into PlainTransport producers, and UDP sinks standing in for viewers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import type { types } from 'mediasoup';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../common/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/events';
import type { Room, RoomRouter } from '../../server/streaming/room';

export const AUDIO_SSRC = 11111111;
export const VIDEO_SSRC = 22222222;
const AUDIO_PT = 100;
const VIDEO_PT = 101;

export interface PortRange {
  min: number;
  max: number;
}

function listenInfo(range: PortRange): types.TransportListenInfo {
  return { protocol: 'udp', ip: '127.0.0.1', portRange: range };
}

export interface PlainSource {
  audio: types.Producer;
  video: types.Producer;
  /** Where ffmpeg must send: RTP and RTCP ports of each transport. */
  targets: { audio: { rtp: number; rtcp: number }; video: { rtp: number; rtcp: number } };
  close(): void;
}

/**
 * Two comedia PlainTransports on the room's origin router with an Opus and a VP8 producer,
 * registered in the room (so they are piped to the room's other routers).
 * RTCP has its own port: with rtcpMux, comedia would lock onto ffmpeg's RTCP port.
 */
export async function plainSource(room: Room, range: PortRange): Promise<PlainSource> {
  const router = room.origin.router;
  const make = () => router.createPlainTransport({ listenInfo: listenInfo(range), rtcpListenInfo: listenInfo(range), rtcpMux: false, comedia: true });
  const [ta, tv] = await Promise.all([make(), make()]);
  const audio = await ta.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }], encodings: [{ ssrc: AUDIO_SSRC }] },
  });
  const video = await tv.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000 }], encodings: [{ ssrc: VIDEO_SSRC }] },
  });
  const speaker = { id: '00000000-0000-4000-8000-000000000000', displayName: 'ffmpeg' };
  await room.addProducer(audio, { id: audio.id, kind: 'audio', source: 'mic', speaker, paused: false });
  await room.addProducer(video, { id: video.id, kind: 'video', source: 'camera', speaker, paused: false });
  return {
    audio,
    video,
    targets: {
      audio: { rtp: ta.tuple.localPort, rtcp: ta.rtcpTuple!.localPort },
      video: { rtp: tv.tuple.localPort, rtcp: tv.rtcpTuple!.localPort },
    },
    close() {
      ta.close();
      tv.close();
    },
  };
}

export interface FfmpegOptions {
  width?: number;
  height?: number;
  videoKbps?: number;
  /** Stop after this many seconds (ffmpeg -t); runs until stopped when omitted. */
  seconds?: number;
}

/** ffmpeg sending a test pattern (VP8) and a sine tone (Opus) in real time. */
export function startFfmpeg(targets: PlainSource['targets'], opts: FfmpegOptions = {}): ChildProcess & { stop(): Promise<void> } {
  const { width = 640, height = 360, videoKbps = 600 } = opts;
  const rtp = (t: { rtp: number; rtcp: number }) => `rtp://127.0.0.1:${t.rtp}?rtcpport=${t.rtcp}&pkt_size=1200`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    ...(opts.seconds ? ['-t', String(opts.seconds)] : []),
    '-map', '0:v:0', '-c:v', 'libvpx', '-b:v', `${videoKbps}k`, '-maxrate', `${videoKbps}k`, '-bufsize', `${videoKbps}k`,
    '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-pix_fmt', 'yuv420p',
    '-ssrc', String(VIDEO_SSRC), '-payload_type', String(VIDEO_PT), '-f', 'rtp', rtp(targets.video),
    '-map', '1:a:0', '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '64k',
    '-ssrc', String(AUDIO_SSRC), '-payload_type', String(AUDIO_PT), '-f', 'rtp', rtp(targets.audio),
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.on('exit', (code, signal) => {
    if (code && signal === null) console.error(`ffmpeg exited with ${code}: ${stderr}`);
  });
  return Object.assign(child, {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  });
}

/** A UDP socket standing in for a viewer: counts RTP packets per SSRC (RTCP is ignored). */
export class RtpSink {
  readonly packets = new Map<number, number>();
  readonly #waiters = new Set<() => void>();

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg) => {
      if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
      const pt = msg[1]! & 0x7f;
      // RTCP packet types 200–204 share the port when rtcp-mux is on: they land on pt 72–76.
      if (pt >= 72 && pt <= 76) return;
      const ssrc = msg.readUInt32BE(8);
      this.packets.set(ssrc, (this.packets.get(ssrc) ?? 0) + 1);
      for (const w of this.#waiters) w();
    });
  }

  static async open(): Promise<RtpSink> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RtpSink(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  count(ssrc: number): number {
    return this.packets.get(ssrc) ?? 0;
  }

  /** Resolves when `ssrc` has delivered `n` packets; rejects after `ms`. */
  waitFor(ssrc: number, n: number, ms = 10_000): Promise<void> {
    if (this.count(ssrc) >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.count(ssrc) < n) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`ssrc ${ssrc}: ${this.count(ssrc)} of ${n} packets within ${ms} ms`));
      }, ms);
      this.#waiters.add(check);
    });
  }

  close(): void {
    this.socket.close();
  }
}

export interface PlainViewer {
  at: RoomRouter;
  transport: types.PlainTransport;
  consumers: types.Consumer[];
  /** The SSRC each consumer sends with, in `consumers` order. */
  ssrcs: number[];
}

/**
 * A viewer as the room places it (see Room.createViewerTransport), receiving over a
 * PlainTransport into `sinkPort`; its consumers start paused and are resumed here.
 */
export async function plainViewer(room: Room, producers: types.Producer[], sinkPort: number, range: PortRange): Promise<PlainViewer> {
  const { transport, at } = await room.createViewerTransport((r) => r.router.createPlainTransport({ listenInfo: listenInfo(range), rtcpMux: true, comedia: false }));
  await transport.connect({ ip: '127.0.0.1', port: sinkPort });
  const consumers: types.Consumer[] = [];
  for (const p of producers) consumers.push(await transport.consume({ producerId: p.id, rtpCapabilities: at.router.rtpCapabilities, paused: true }));
  for (const c of consumers) await c.resume();
  return { at, transport, consumers, ssrcs: consumers.map((c) => c.rtpParameters.encodings![0]!.ssrc!) };
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client connection carrying a test client's cookies. */
export async function connectSocket(url: string, cookie: string): Promise<TestSocket> {
  const socket: TestSocket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits a `stream:*` request and returns its Ack. */
export function ask<E extends keyof ClientToServerEvents>(
  socket: TestSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Ack<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never>> {
  const timed = socket.timeout(5000);
  const emit = timed.emitWithAck.bind(timed) as (ev: string, p: unknown) => Promise<never>;
  return emit(event, payload);
}

/** The next `event` pushed to a typed socket, or a rejection after `ms` (the typed cousin of waitFor). */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E, ms = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on as never);
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    const on = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, on as never);
  });
}
