/**
 * One live session's program feed: every on-stage producer of the session's media room is
 * consumed on a loopback PlainTransport into one long-running mixer process, which composes
 * the picture, mixes the sound and writes HLS segments. The mixer never restarts for a
 * change of layout or speakers; if it dies it is started again and the playlists mark the
 * break with a discontinuity.
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../../platform/logger';
import type { Room, RoomProducer } from '../streaming/room';
import type { SessionHls } from '../../platform/media/hls-files';
import { layoutFor, sameLayout, type Layout, type LayoutInput } from './layout';
import { MixerProcess } from './mixer-process';
import type { Codec, MixerSettings } from './mixer/protocol';
import type { AudioRendition } from '../../platform/media/hls';

export type ProgramSettings = Omit<MixerSettings, 'dir' | 'startIndex' | 'slateText'>;

export interface ProgramOptions {
  sessionId: string;
  dir: string;
  hls: SessionHls;
  settings: ProgramSettings;
  slateText: string;
  /** Where the loopback PlainTransports may listen. */
  portRange: { min: number; max: number };
  log: Logger;
}

/** `running`: writing segments; `restarting`: the mixer died and is coming back; `disk_full`: stopped writing. */
export type ProgramState = 'running' | 'restarting' | 'disk_full' | 'stopped';

export interface ProgramEvents {
  state: [ProgramState];
  segment: [{ rendition: string; file: string; startedAtMs: number; durationS: number }];
  /** An attempt at putting a producer on the program failed; `willRetry` unless it was the last or cannot succeed. */
  inputFailed: [{ producerId: string; failures: number; willRetry: boolean }];
}

interface Input {
  /** The input's name in the mixer (new for every attempt at opening it). */
  key: string;
  producer: types.Producer;
  kind: types.MediaKind;
  source: string;
  speakerId: string;
  rendition: string;
  since: number;
  transport: types.PlainTransport | undefined;
  consumer: types.Consumer | undefined;
  ready: boolean;
  frames: number;
  lastFrameAt: number;
  lastKeyFrameAskAt: number;
  /** Attempts at opening it so far, and how many of the latest ones failed in a row (see #open). */
  attempts: number;
  failures: number;
  retry: NodeJS.Timeout | undefined;
}

/** A producer whose codec the mixer has no decoder for: trying again cannot help. */
class UnmixableError extends Error {
  override readonly name = 'UnmixableError';
}

/** The program takes the producers that put someone on stage; other kinds (language channels) join through addAudioRendition. */
const ON_STAGE = new Set(['camera', 'mic', 'screen']);
const MONITOR_MS = 1000;
/** Video that decoded nothing for this long is taken out of the picture (the slate shows if nothing is left). */
const STALL_HIDE_MS = 2500;
/** …and gets a keyframe request, at most this often. */
const KEYFRAME_EVERY_MS = 2000;
const RESTART_DELAYS_MS = [250, 1000, 2000, 5000, 10_000];
/** Waits before each new attempt at opening an input that failed to open; after the last, it is given up. */
const OPEN_RETRY_MS = [500, 1000, 2000, 5000, 10_000, 10_000, 10_000, 10_000];
/**
 * A program whose newest segment ends this many segment durations before now has fallen behind
 * real time: its mixer is short of CPU (HLS viewers stall while it is). Listing lags a segment's
 * end by one to two seconds when all is well.
 */
const BEHIND_SEGMENTS = 4;

const CODEC: Record<string, Codec> = { 'video/vp8': 'VP8', 'video/h264': 'H264', 'audio/opus': 'OPUS' };

export class Program extends EventEmitter<ProgramEvents> {
  readonly sessionId: string;
  readonly #o: ProgramOptions;
  readonly #log: Logger;
  readonly #inputs = new Map<string, Input>();
  #mixer: MixerProcess | undefined;
  #room: Room | undefined;
  #roomOff: (() => void)[] = [];
  #speakerObserver: types.ActiveSpeakerObserver | undefined;
  #activeSpeaker: string | undefined;
  #layout: Layout | undefined;
  #state: ProgramState = 'running';
  #restarts = 0;
  #seq = 0;
  #monitor: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Wall clock (ms) up to which the running mixer has written the main rendition. */
  #writtenUntilMs = Date.now();
  #warnedBehind = false;

  private constructor(o: ProgramOptions) {
    super();
    this.sessionId = o.sessionId;
    this.#o = o;
    this.#log = o.log;
  }

  static async start(o: ProgramOptions): Promise<Program> {
    const p = new Program(o);
    await p.#startMixer();
    p.#monitor = setInterval(() => p.#tick(), MONITOR_MS);
    p.#monitor.unref();
    return p;
  }

  get state(): ProgramState {
    return this.#state;
  }

  get mixerPid(): number | undefined {
    return this.#mixer?.pid;
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** Seconds between the end of the newest segment written and now (0 while no mixer runs). */
  get behindS(): number {
    return this.#mixer ? Math.max(0, (Date.now() - this.#writtenUntilMs) / 1000) : 0;
  }

  /** Takes the room's producers (now and later); a new room (after a worker died) replaces the old one. */
  attach(room: Room): void {
    if (this.#stopped || room === this.#room) return;
    this.#detach();
    this.#room = room;
    const onProducer = (rp: RoomProducer) => void this.#consider(rp);
    room.on('producer', onProducer);
    const onClose = () => this.#detach();
    room.once('close', onClose);
    this.#roomOff = [() => room.off('producer', onProducer), () => room.off('close', onClose)];
    room.origin.router
      .createActiveSpeakerObserver({ interval: 500 })
      .then((o) => {
        if (this.#room !== room || room.closed) return o.close();
        this.#speakerObserver = o;
        o.on('dominantspeaker', ({ producer }) => {
          this.#activeSpeaker = [...this.#inputs.values()].find((i) => i.producer === producer)?.speakerId;
          this.#relayout();
        });
        for (const i of this.#inputs.values()) if (i.kind === 'audio' && i.rendition === 'main') void o.addProducer({ producerId: i.producer.id }).catch(() => undefined);
      })
      .catch((err: unknown) => this.#log.warn({ err }, 'no active speaker observer'));
    for (const rp of room.producers) void this.#consider(rp);
  }

  /**
   * Adds an audio rendition (e.g. an interpretation channel) fed by a producer of the room.
   * The multivariant playlist lists it as an alternate audio (EXT-X-MEDIA TYPE=AUDIO) and the
   * recording keeps it. Calling it again with another producer for the same rendition mixes
   * that one in too (a handover between two interpreters overlaps without a gap).
   */
  async addAudioRendition(r: AudioRendition, producerId: string): Promise<void> {
    const rp = this.#room?.producer(producerId);
    if (!rp || rp.producer.kind !== 'audio') throw new Error('no such audio producer in the room');
    await this.#o.hls.addAudioRendition(r);
    this.#mixer?.send({ op: 'addRendition', rendition: r.id, startIndex: this.#o.hls.nextIndex(r.id) });
    await this.#add(rp, r.id);
  }

  /** Stops the producer's input of a rendition (the rendition itself stays, silent, until the end). */
  removeAudioInput(producerId: string): void {
    this.#remove(producerId);
  }

  /** Closes the open segments, stops the mixer and lets go of every consumer. Safe twice. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#monitor);
    await this.#mixer?.stop();
    this.#detach();
    this.#setState('stopped');
    this.removeAllListeners();
  }

  async #startMixer(): Promise<void> {
    const o = this.#o;
    const settings: MixerSettings = { ...o.settings, dir: o.dir, startIndex: o.hls.nextIndex('main'), slateText: o.slateText };
    const { mixer } = await MixerProcess.start(settings, this.#log);
    if (this.#stopped) return void (await mixer.stop());
    this.#mixer = mixer;
    this.#layout = undefined;
    this.#writtenUntilMs = Date.now();
    for (const r of o.hls.audioRenditions) mixer.send({ op: 'addRendition', rendition: r.id, startIndex: o.hls.nextIndex(r.id) });
    mixer.on('event', (e) => {
      if (e.type === 'segment') {
        if (e.rendition === 'main') this.#writtenUntilMs = e.startedAtMs + e.durationS * 1000;
        void o.hls
          .add({ rendition: e.rendition, file: e.file, index: e.index, durationS: e.durationS, startedAtMs: e.startedAtMs, runningS: e.runningS })
          .then(() => this.emit('segment', e))
          .catch((err: unknown) => this.#log.error({ err, file: e.file }, 'could not list a segment'));
      } else if (e.type === 'stats') this.#onStats(e.frames);
      else if (e.type === 'inputFailed') this.#log.warn({ input: e.id, err: e.error }, 'a program input failed');
    });
    mixer.once('exit', ({ expected, diskFull }) => {
      if (this.#mixer !== mixer) return;
      this.#mixer = undefined;
      if (expected || this.#stopped) return;
      if (diskFull) {
        this.#log.error({ sessionId: this.sessionId }, 'the media disk is full: the program stopped writing');
        this.#setState('disk_full');
        return;
      }
      void this.#restart();
    });
    this.#relayout();
    // Inputs of the previous mixer listened on its sockets: they start over on this one.
    for (const i of [...this.#inputs.values()]) {
      this.#closeInput(i);
      i.failures = 0;
      void this.#open(i);
    }
  }

  async #restart(): Promise<void> {
    this.#setState('restarting');
    this.#o.hls.markDiscontinuity();
    for (;;) {
      if (this.#stopped) return;
      const delay = RESTART_DELAYS_MS[Math.min(this.#restarts, RESTART_DELAYS_MS.length - 1)]!;
      this.#restarts++;
      await new Promise((r) => setTimeout(r, delay));
      try {
        await this.#startMixer();
        this.#setState('running');
        this.#log.warn({ sessionId: this.sessionId, restarts: this.#restarts }, 'mixer restarted');
        return;
      } catch (err) {
        this.#log.error({ err, sessionId: this.sessionId }, 'mixer restart failed');
      }
    }
  }

  #consider(rp: RoomProducer): Promise<void> {
    // A green room's tracks are heard by moderators only, until they come on stage.
    if (!ON_STAGE.has(rp.info.source) || rp.info.floor?.backstage) return Promise.resolve();
    return this.#add(rp, 'main');
  }

  async #add(rp: RoomProducer, rendition: string): Promise<void> {
    if (this.#stopped || this.#inputs.has(rp.producer.id) || rp.producer.closed) return;
    const input: Input = {
      key: '',
      producer: rp.producer,
      kind: rp.producer.kind,
      source: rp.info.source,
      speakerId: rp.info.speaker.id,
      rendition,
      since: Date.now(),
      transport: undefined,
      consumer: undefined,
      ready: false,
      frames: 0,
      lastFrameAt: 0,
      lastKeyFrameAskAt: 0,
      attempts: 0,
      failures: 0,
      retry: undefined,
    };
    this.#inputs.set(rp.producer.id, input);
    rp.producer.observer.once('close', () => this.#remove(rp.producer.id));
    rp.producer.observer.on('pause', () => this.#relayout());
    rp.producer.observer.on('resume', () => this.#relayout());
    if (input.kind === 'audio' && rendition === 'main') void this.#speakerObserver?.addProducer({ producerId: rp.producer.id }).catch(() => undefined);
    await this.#open(input);
  }

  /**
   * Consumer → PlainTransport → the mixer's sockets; the consumer is resumed once the mixer listens.
   * An attempt that fails (a mixer too busy to answer in time, a transport that could not be made)
   * is tried again while the producer is still wanted: a speaker is never left off the program
   * for good by one slow moment. A newer attempt (the mixer restarted) makes an older one stand down.
   */
  async #open(i: Input): Promise<void> {
    const room = this.#room;
    const mixer = this.#mixer;
    if (!room || !mixer || room.closed) return;
    clearTimeout(i.retry);
    const attempt = ++i.attempts;
    // A new name in the mixer for every attempt: a slow mixer may still answer for an earlier one,
    // and an answer meant for it must not wire this attempt to sockets that are about to close.
    i.key = `i${++this.#seq}`;
    i.frames = 0;
    const current = () => this.#mixer === mixer && this.#inputs.get(i.producer.id) === i && i.attempts === attempt && !this.#stopped;
    const router = room.origin.router;
    let transport: types.PlainTransport | undefined;
    try {
      const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1', portRange: this.#o.portRange };
      transport = await router.createPlainTransport({ listenInfo, rtcpListenInfo: listenInfo, rtcpMux: false, comedia: false, appData: { program: this.sessionId } });
      if (!current()) return void transport.close();
      i.transport = transport;
      const consumer = await transport.consume({ producerId: i.producer.id, rtpCapabilities: router.rtpCapabilities, paused: true, appData: { program: this.sessionId } });
      i.consumer = consumer;
      const codec = consumer.rtpParameters.codecs[0]!;
      const c = CODEC[codec.mimeType.toLowerCase()];
      if (!c) throw new UnmixableError(`the program cannot mix ${codec.mimeType}`);
      const ports = await mixer.addInput({ id: i.key, kind: i.kind, codec: c, payloadType: codec.payloadType, clockRate: codec.clockRate, rendition: i.rendition });
      if (!current()) return;
      await transport.connect({ ip: '127.0.0.1', port: ports.rtpPort, rtcpPort: ports.rtcpPort });
      await consumer.resume();
      i.ready = true;
      i.failures = 0;
      i.lastFrameAt = 0;
      // The mixer can only start decoding at a keyframe.
      if (i.kind === 'video') await this.#askKeyFrame(i);
    } catch (err) {
      if (!current()) return void (i.transport !== transport && transport?.close());
      this.#closeInput(i);
      const failures = ++i.failures;
      // Nothing to try again for: a codec no decoder takes, or a room that is gone.
      const pointless = err instanceof UnmixableError || room.closed;
      const willRetry = !pointless && failures <= OPEN_RETRY_MS.length;
      this.emit('inputFailed', { producerId: i.producer.id, failures, willRetry });
      if (pointless) return this.#log.warn({ err, producerId: i.producer.id }, 'could not add a producer to the program');
      if (!willRetry) return this.#log.error({ err, producerId: i.producer.id, failures }, 'could not add a producer to the program; gave up');
      const delay = OPEN_RETRY_MS[failures - 1]!;
      this.#log.warn({ err, producerId: i.producer.id, failures, retryInMs: delay }, 'could not add a producer to the program; trying again');
      i.retry = setTimeout(() => void this.#open(i), delay);
      i.retry.unref();
    }
  }

  #remove(producerId: string) {
    const i = this.#inputs.get(producerId);
    if (!i) return;
    this.#inputs.delete(producerId);
    this.#closeInput(i);
    this.#relayout();
  }

  #closeInput(i: Input) {
    clearTimeout(i.retry);
    // Named once an attempt at opening it began.
    if (i.key) this.#mixer?.send({ op: 'removeInput', id: i.key });
    i.transport?.close();
    i.transport = undefined;
    i.consumer = undefined;
    i.ready = false;
  }

  #detach() {
    for (const off of this.#roomOff.splice(0)) off();
    this.#speakerObserver?.close();
    this.#speakerObserver = undefined;
    for (const i of [...this.#inputs.values()]) this.#remove(i.producer.id);
    this.#room = undefined;
  }

  #tick() {
    this.#mixer?.send({ op: 'stats' });
    const behindS = this.behindS;
    const behind = behindS > BEHIND_SEGMENTS * this.#o.settings.segmentSeconds;
    if (behind === this.#warnedBehind) return;
    this.#warnedBehind = behind;
    if (behind) this.#log.warn({ sessionId: this.sessionId, behindS, pid: this.mixerPid }, 'the program is falling behind real time: its mixer is short of CPU');
    else this.#log.info({ sessionId: this.sessionId }, 'the program has caught up with real time');
  }

  #onStats(frames: Record<string, number>) {
    const now = Date.now();
    for (const i of this.#inputs.values()) {
      if (i.kind !== 'video' || !i.ready) continue;
      const n = frames[i.key];
      if (n === undefined) continue;
      if (n > i.frames) i.lastFrameAt = now;
      i.frames = n;
      // Stalled while the speaker is sending: the mixer needs a fresh keyframe to decode again.
      if (now - i.lastFrameAt > MONITOR_MS * 1.5 && !i.producer.paused) void this.#askKeyFrame(i);
    }
    this.#relayout();
  }

  async #askKeyFrame(i: Input) {
    const now = Date.now();
    if (!i.consumer || i.consumer.closed || now - i.lastKeyFrameAskAt < KEYFRAME_EVERY_MS) return;
    i.lastKeyFrameAskAt = now;
    await i.consumer.requestKeyFrame().catch(() => undefined);
  }

  #relayout() {
    const mixer = this.#mixer;
    if (!mixer) return;
    const now = Date.now();
    const visible: LayoutInput[] = [];
    for (const i of this.#inputs.values()) {
      if (i.kind !== 'video' || !i.ready || i.producer.paused || now - i.lastFrameAt > STALL_HIDE_MS) continue;
      visible.push({ id: i.key, source: i.source === 'screen' ? 'screen' : 'camera', speakerId: i.speakerId, since: i.since });
    }
    const { width, height } = this.#o.settings;
    const next = layoutFor(visible, this.#activeSpeaker, { width, height });
    if (sameLayout(this.#layout, next)) return;
    this.#layout = next;
    mixer.send({ op: 'layout', slate: next.slate, boxes: next.boxes });
    this.#preferLayers(next);
  }

  /** A simulcast camera is received at the layer its box needs: a picture-in-picture never costs a 720p decode. */
  #preferLayers(layout: Layout) {
    for (const i of this.#inputs.values()) {
      const c = i.consumer;
      if (!c || c.type !== 'simulcast' || c.closed) continue;
      const box = layout.boxes.find((b) => b.id === i.key);
      const w = box?.w ?? 0;
      const spatialLayer = w > 640 ? 2 : w > 320 ? 1 : 0;
      if (c.preferredLayers?.spatialLayer !== spatialLayer) void c.setPreferredLayers({ spatialLayer, temporalLayer: 2 }).catch(() => undefined);
    }
  }

  #setState(s: ProgramState) {
    if (this.#state === s) return;
    this.#state = s;
    this.emit('state', s);
  }
}
