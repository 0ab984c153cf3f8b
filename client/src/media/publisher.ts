import type { types } from 'mediasoup-client';
import type { MediaSource } from '../../../common/stream.contract';
import { Emitter } from './emitter';
import type { MediaSession } from './media-session';
import { rtpStats } from './rtc-stats';
import { MediaError, request } from './signal';

export interface PublishOptions {
  /** Send the camera (three simulcast layers: 180p, 360p, 720p). Default true. */
  camera?: boolean;
  /** Send the microphone. Default true. */
  mic?: boolean;
  /** Share the screen too (the browser asks the user what to share). Default false. */
  screen?: boolean;
  /** Devices from `navigator.mediaDevices.enumerateDevices()`; the browser's default otherwise. */
  deviceIds?: { camera?: string; mic?: string };
}

export interface PublisherEvents extends Record<string, unknown[]> {
  /** A track ended outside our control (device unplugged, "Stop sharing" pressed). */
  ended: [MediaSource];
  /** Re-publishing after a reconnect failed for this source. */
  error: [MediaSource, MediaError];
}

/** Simulcast for the camera; mediasoup forwards to each viewer the layer its link can take. */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000, scalabilityMode: 'L1T3' }];

/**
 * A speaker's outgoing media. Keeps the local tracks across reconnects and publishes them
 * again each time the session re-joins. Build it with {@link MediaSession.publish}.
 */
export class Publisher extends Emitter<PublisherEvents> {
  readonly #session: MediaSession;
  readonly #tracks = new Map<MediaSource, MediaStreamTrack>();
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #muted = new Set<MediaSource>();
  /** Camera and microphone together, for the speaker's own preview (mute the element). */
  readonly preview = new MediaStream();
  #stopped = false;
  readonly #off: (() => void)[];

  private constructor(session: MediaSession) {
    super();
    this.#session = session;
    this.#off = [
      session.on('joined', () => void this.#republish()),
      // The broadcast is over: release the camera and microphone.
      session.on('closed', () => this.stop()),
    ];
  }

  /**
   * Opens the requested devices and publishes them. Rejects with `forbidden` for someone who
   * is not a speaker of this live session, `device` when a camera/microphone cannot be opened.
   */
  static async start(session: MediaSession, opts: PublishOptions): Promise<Publisher> {
    if (!session.canProduce) throw new MediaError('forbidden', 'only a speaker of a live session can publish');
    const p = new Publisher(session);
    try {
      const wantCamera = opts.camera ?? true;
      const wantMic = opts.mic ?? true;
      if (wantCamera || wantMic) {
        const stream = await getUserMedia({
          ...(wantCamera ? { video: cameraConstraints(opts.deviceIds?.camera) } : {}),
          ...(wantMic ? { audio: micConstraints(opts.deviceIds?.mic) } : {}),
        });
        for (const t of stream.getTracks()) p.#adopt(t.kind === 'audio' ? 'mic' : 'camera', t);
      }
      if (opts.screen) await p.#openScreen();
      for (const source of p.#tracks.keys()) await p.#produce(source);
    } catch (e) {
      p.stop();
      throw e;
    }
    return p;
  }

  /** The local track of a source, if it is being published. */
  track(source: MediaSource): MediaStreamTrack | undefined {
    return this.#tracks.get(source);
  }

  get sources(): MediaSource[] {
    return [...this.#tracks.keys()];
  }

  isMuted(source: MediaSource): boolean {
    return this.#muted.has(source);
  }

  /** Stops sending a source without closing it; viewers see it as paused. */
  async mute(source: MediaSource): Promise<void> {
    this.#muted.add(source);
    const producer = this.#producers.get(source);
    if (!producer) return;
    producer.pause();
    await request(this.#session.socket, 'stream:pauseProducer', { sessionId: this.#session.sessionId, producerId: producer.id });
  }

  async unmute(source: MediaSource): Promise<void> {
    this.#muted.delete(source);
    const producer = this.#producers.get(source);
    if (!producer) return;
    producer.resume();
    await request(this.#session.socket, 'stream:resumeProducer', { sessionId: this.#session.sessionId, producerId: producer.id });
  }

  /** Moves the camera or microphone to another device without interrupting the broadcast. */
  async switchDevice(source: 'camera' | 'mic', deviceId: string): Promise<void> {
    const stream = await getUserMedia(source === 'camera' ? { video: cameraConstraints(deviceId, true) } : { audio: micConstraints(deviceId, true) });
    const track = stream.getTracks()[0];
    if (!track) throw new MediaError('device', 'the device gave no track');
    const old = this.#tracks.get(source);
    this.#adopt(source, track);
    const producer = this.#producers.get(source);
    if (producer) await producer.replaceTrack({ track });
    else await this.#produce(source);
    if (old) {
      this.preview.removeTrack(old);
      old.stop();
    }
  }

  /** Starts sharing the screen (the browser asks what to share). */
  async startScreen(): Promise<void> {
    if (this.#tracks.has('screen')) return;
    await this.#openScreen();
    await this.#produce('screen');
  }

  /** Stops one source, or everything when called without one. */
  stop(source?: MediaSource): void {
    const sources = source ? [source] : [...this.#tracks.keys()];
    for (const s of sources) {
      const producer = this.#producers.get(s);
      if (producer && !producer.closed) {
        producer.close();
        void request(this.#session.socket, 'stream:closeProducer', { sessionId: this.#session.sessionId, producerId: producer.id }).catch(() => undefined);
      }
      this.#producers.delete(s);
      const track = this.#tracks.get(s);
      if (track) {
        this.preview.removeTrack(track);
        track.stop();
      }
      this.#tracks.delete(s);
      this.#muted.delete(s);
    }
    if (!source) {
      this.#stopped = true;
      for (const off of this.#off.splice(0)) off();
      this.removeAllListeners();
    }
  }

  /** Outgoing RTP per source and simulcast layer, from the browser's own statistics. */
  async stats(): Promise<{ source: MediaSource; rid: string | undefined; bytesSent: number; packetsSent: number; frameWidth?: number }[]> {
    const out = [];
    for (const [source, producer] of this.#producers) {
      for (const s of rtpStats(await producer.getStats())) {
        if (s.type !== 'outbound-rtp') continue;
        out.push({ source, rid: s.rid, bytesSent: s.bytesSent, packetsSent: s.packetsSent, ...(s.frameWidth ? { frameWidth: s.frameWidth } : {}) });
      }
    }
    return out;
  }

  #adopt(source: MediaSource, track: MediaStreamTrack) {
    this.#tracks.set(source, track);
    if (source !== 'screen') this.preview.addTrack(track);
    if (source === 'screen') track.contentHint = 'detail';
    track.addEventListener('ended', () => {
      if (this.#tracks.get(source) !== track) return;
      this.stop(source);
      this.emit('ended', source);
    });
  }

  async #openScreen() {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch (e) {
      throw new MediaError('device', `screen sharing was not started: ${e instanceof Error ? e.message : String(e)}`);
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new MediaError('device', 'no screen was chosen');
    this.#adopt('screen', track);
  }

  async #produce(source: MediaSource) {
    const track = this.#tracks.get(source);
    if (!track || this.#stopped) return;
    const transport = await this.#session.sendTransport();
    const producer = await transport.produce({
      track,
      appData: { source },
      stopTracks: false,
      ...(source === 'camera' ? { encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } } : {}),
      ...(source === 'screen' ? { encodings: SCREEN_ENCODINGS } : {}),
      ...(source === 'mic' ? { codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } } : {}),
    });
    this.#producers.set(source, producer);
    producer.on('transportclose', () => {
      if (this.#producers.get(source) === producer) this.#producers.delete(source);
    });
    if (this.#muted.has(source)) await this.mute(source);
  }

  /** After a reconnect the old producers are gone with their transport: publish the same tracks again. */
  async #republish() {
    if (this.#stopped) return;
    this.#producers.clear();
    for (const source of [...this.#tracks.keys()]) {
      try {
        await this.#produce(source);
      } catch (e) {
        this.emit('error', source, e instanceof MediaError ? e : new MediaError('internal', String(e)));
      }
    }
  }
}

function cameraConstraints(deviceId: string | undefined, exact = false): MediaTrackConstraints {
  return {
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30, max: 30 },
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {}),
  };
}

function micConstraints(deviceId: string | undefined, exact = false): MediaTrackConstraints {
  return {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } } : {}),
  };
}

/** getUserMedia with its refusals as {@link MediaError} `device` / `unsupported`. */
export async function getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MediaError('unsupported', 'this browser cannot open a camera (is the page served over HTTPS?)');
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    const why = name === 'NotAllowedError' ? 'permission was refused' : name === 'NotFoundError' ? 'no such device' : name === 'NotReadableError' ? 'the device is busy' : String(e);
    throw new MediaError('device', `the camera or microphone could not be opened: ${why}`, { name });
  }
}
