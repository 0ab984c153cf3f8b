import type { types } from 'mediasoup-client';
import { RtpParameters, type MediaSource, type PreferredLayer, type ProducerInfo } from '../../../common/stream.contract';
import { Emitter } from './emitter';
import type { Joined, MediaSession } from './media-session';
import { MediaError, request } from './signal';

export interface WatchOptions {
  /** Receive sound only (saves bandwidth on weak links); switch later with `setAudioOnly`. */
  audioOnly?: boolean;
  /** Highest camera quality wanted; `auto` (default) lets the link decide. */
  preferredLayer?: PreferredLayer;
}

/** One incoming track: a speaker's camera, microphone or screen. */
export interface Feed {
  producerId: string;
  consumerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  speaker: ProducerInfo['speaker'];
  track: MediaStreamTrack;
  /** The speaker has muted it. */
  paused: boolean;
  /** The simulcast layer now arriving (null when unknown or nothing flows). */
  spatialLayer: number | null;
}

export interface ViewerStats {
  video: { framesDecoded: number; framesPerSecond: number; frameWidth: number; frameHeight: number; packetsReceived: number; packetsLost: number; bytesReceived: number };
  audio: { packetsReceived: number; packetsLost: number; bytesReceived: number };
}

export interface ViewerEvents extends Record<string, unknown[]> {
  /** The list of feeds changed (added, removed, muted, layer changed). */
  feeds: [Feed[]];
  /** Receiving one producer failed; the rest carry on. */
  error: [MediaError];
}

/**
 * What a viewer receives. Consumes every producer of the session (cameras, microphones,
 * screens), starting each paused on the server and resuming it once attached, and starts
 * over by itself after a reconnect. Build it with {@link MediaSession.watch}.
 */
export class Viewer extends Emitter<ViewerEvents> {
  readonly #session: MediaSession;
  readonly #known = new Map<string, ProducerInfo>();
  readonly #feeds = new Map<string, Feed & { consumer: types.Consumer }>();
  readonly #pending = new Set<string>();
  #audioOnly: boolean;
  #layer: PreferredLayer;
  #closed = false;
  readonly #off: (() => void)[] = [];

  private constructor(session: MediaSession, opts: WatchOptions) {
    super();
    this.#session = session;
    this.#audioOnly = opts.audioOnly ?? false;
    this.#layer = opts.preferredLayer ?? 'auto';
    this.#off.push(
      session.on('joined', (j) => void this.#restart(j)),
      session.on('closed', () => this.#end()),
      session.on('producerAdded', (p) => {
        this.#known.set(p.id, p);
        void this.#consume(p);
      }),
      session.on('producerClosed', (id) => this.#drop(id)),
      session.on('producerPaused', (id, paused) => {
        const info = this.#known.get(id);
        if (info) info.paused = paused;
        this.#update(id, { paused });
      }),
      session.on('consumerClosed', (consumerId) => {
        const feed = [...this.#feeds.values()].find((f) => f.consumerId === consumerId);
        if (feed) this.#drop(feed.producerId);
      }),
      session.on('layersChanged', ({ consumerId, spatialLayer }) => {
        const feed = [...this.#feeds.values()].find((f) => f.consumerId === consumerId);
        if (feed) this.#update(feed.producerId, { spatialLayer });
      }),
    );
  }

  /** Starts receiving what the session's speakers publish now and later. */
  static async start(session: MediaSession, opts: WatchOptions, joined: Joined): Promise<Viewer> {
    const v = new Viewer(session, opts);
    await v.#restart(joined);
    return v;
  }

  get feeds(): Feed[] {
    return [...this.#feeds.values()].map(({ consumer: _c, ...f }) => f);
  }

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /**
   * Audio-only on: video stops flowing (the server pauses it, so the bandwidth is saved).
   * Off: video resumes from the next keyframe.
   */
  async setAudioOnly(on: boolean): Promise<void> {
    this.#audioOnly = on;
    for (const f of this.#feeds.values()) {
      if (f.kind !== 'video') continue;
      if (on) {
        f.consumer.pause();
        await request(this.#session.socket, 'stream:pauseConsumer', { sessionId: this.#session.sessionId, consumerId: f.consumerId });
      } else {
        f.consumer.resume();
        await request(this.#session.socket, 'stream:resumeConsumer', { sessionId: this.#session.sessionId, consumerId: f.consumerId });
      }
    }
    if (!on) for (const p of this.#known.values()) void this.#consume(p);
  }

  /** The highest camera layer wanted; the server may still send less when the link is weak. */
  async setPreferredLayer(layer: PreferredLayer): Promise<void> {
    this.#layer = layer;
    for (const f of this.#feeds.values()) {
      if (f.kind === 'video') await request(this.#session.socket, 'stream:setLayer', { sessionId: this.#session.sessionId, consumerId: f.consumerId, preferredLayer: layer });
    }
  }

  /** Received media totals from the browser's own statistics (getStats). */
  async stats(): Promise<ViewerStats> {
    const out: ViewerStats = {
      video: { framesDecoded: 0, framesPerSecond: 0, frameWidth: 0, frameHeight: 0, packetsReceived: 0, packetsLost: 0, bytesReceived: 0 },
      audio: { packetsReceived: 0, packetsLost: 0, bytesReceived: 0 },
    };
    for (const f of this.#feeds.values()) {
      for (const s of (await f.consumer.getStats()).values()) {
        if (s.type !== 'inbound-rtp') continue;
        const into = f.kind === 'video' ? out.video : out.audio;
        into.packetsReceived += s.packetsReceived ?? 0;
        into.packetsLost += s.packetsLost ?? 0;
        into.bytesReceived += s.bytesReceived ?? 0;
        if (f.kind === 'video') {
          out.video.framesDecoded += s.framesDecoded ?? 0;
          out.video.framesPerSecond = Math.max(out.video.framesPerSecond, s.framesPerSecond ?? 0);
          out.video.frameWidth = Math.max(out.video.frameWidth, s.frameWidth ?? 0);
          out.video.frameHeight = Math.max(out.video.frameHeight, s.frameHeight ?? 0);
        }
      }
    }
    return out;
  }

  /** Stops receiving; the session stays open. */
  close(): void {
    if (this.#closed) return;
    for (const f of this.#feeds.values()) {
      void request(this.#session.socket, 'stream:closeConsumer', { sessionId: this.#session.sessionId, consumerId: f.consumerId }).catch(() => undefined);
    }
    this.#end();
  }

  /** The broadcast is over (or close() was called): drop every feed, tell the page once more. */
  #end() {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#off.splice(0)) off();
    for (const f of this.#feeds.values()) f.consumer.close();
    this.#feeds.clear();
    this.emit('feeds', []);
    this.removeAllListeners();
  }

  async #restart(joined: Joined) {
    if (this.#closed) return;
    // Consumers of the old connection died with its transport.
    this.#feeds.clear();
    this.#pending.clear();
    this.#known.clear();
    for (const p of joined.producers) this.#known.set(p.id, p);
    this.emit('feeds', this.feeds);
    await Promise.all([...this.#known.values()].map((p) => this.#consume(p)));
  }

  async #consume(p: ProducerInfo) {
    if (this.#closed || this.#session.isOwnProducer(p.id) || this.#feeds.has(p.id) || this.#pending.has(p.id)) return;
    if (p.kind === 'video' && this.#audioOnly) return;
    const generation = this.#session.generation;
    this.#pending.add(p.id);
    try {
      const transport = await this.#session.recvTransport();
      const answer = await request(this.#session.socket, 'stream:consume', {
        sessionId: this.#session.sessionId,
        transportId: transport.id,
        producerId: p.id,
        rtpCapabilities: this.#session.recvCapabilities(),
        preferredLayer: this.#layer,
      });
      const rtpParameters = RtpParameters.safeParse(answer.rtpParameters);
      if (!rtpParameters.success) throw new MediaError('internal', 'the server sent unreadable stream parameters');
      const consumer = await transport.consume({ id: answer.id, producerId: answer.producerId, kind: answer.kind, rtpParameters: rtpParameters.data });
      if (this.#closed || generation !== this.#session.generation || !this.#known.has(p.id)) {
        consumer.close();
        return;
      }
      this.#feeds.set(p.id, {
        producerId: p.id,
        consumerId: consumer.id,
        kind: answer.kind,
        source: answer.source,
        speaker: p.speaker,
        track: consumer.track,
        paused: answer.producerPaused,
        spatialLayer: null,
        consumer,
      });
      consumer.on('transportclose', () => {
        if (this.#feeds.get(p.id)?.consumer === consumer) this.#drop(p.id);
      });
      // Attached locally: now let media flow (the server starts it on a keyframe).
      await request(this.#session.socket, 'stream:resumeConsumer', { sessionId: this.#session.sessionId, consumerId: consumer.id });
      this.emit('feeds', this.feeds);
    } catch (e) {
      if (generation === this.#session.generation && !this.#closed) this.emit('error', e instanceof MediaError ? e : new MediaError('internal', String(e)));
    } finally {
      this.#pending.delete(p.id);
    }
  }

  #drop(producerId: string) {
    this.#known.delete(producerId);
    const f = this.#feeds.get(producerId);
    if (!f) return;
    this.#feeds.delete(producerId);
    f.consumer.close();
    this.emit('feeds', this.feeds);
  }

  #update(producerId: string, patch: Partial<Pick<Feed, 'paused' | 'spatialLayer'>>) {
    const f = this.#feeds.get(producerId);
    if (!f) return;
    Object.assign(f, patch);
    this.emit('feeds', this.feeds);
  }
}

/** A MediaStream with the given feeds' tracks, for a `<video>` or `<audio>` element's srcObject. */
export function streamOf(feeds: readonly Feed[]): MediaStream {
  return new MediaStream(feeds.map((f) => f.track));
}
