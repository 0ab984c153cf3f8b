import type { types } from 'mediasoup-client';
import type { Lang } from '../../../common/base';
import { ChannelsView, INTERP_SERVER_EVENTS, type ChannelView } from '../../../common/interpretation.contract';
import { onPush } from '../api/push';
import { RtpParameters, type MediaSource, type PreferredLayer, type ProducerInfo } from '../../../common/stream.contract';
import { Emitter } from './emitter';
import type { Joined, MediaSession } from './media-session';
import { rtpStats } from './rtc-stats';
import { mark } from '../state/timeline';
import { MediaError, request } from './signal';

export interface WatchOptions {
  /** Receive sound only (saves bandwidth on weak links); switch later with `setAudioOnly`. */
  audioOnly?: boolean;
  /** Highest camera quality wanted; `auto` (default) lets the link decide. */
  preferredLayer?: PreferredLayer;
  /** What to hear: the floor (default) or a language channel; change it later with `listen`. */
  listen?: ListenChoice;
  /**
   * Receive audio with the least delay the browser allows (an interpreter hearing the floor):
   * the sound is not held back to match the video (no lip sync), and the jitter buffer keeps
   * no extra margin, at the cost of more sensitivity to jitter.
   */
  lowLatency?: boolean;
  /**
   * Also receive the green room's tracks (a citizen invited to take the floor, before going on
   * air): moderators only, the server refuses anyone else. Off, such tracks wait until on stage.
   */
  backstage?: boolean;
}

/** A listener's choice: the original (`channel: null`) or a language channel, optionally with the floor kept quietly under it. */
export interface ListenChoice {
  channel: Lang | null;
  floorUnder?: boolean;
}

/** What is being heard, after the choice met the channels' state. */
export interface Listening {
  /** The channel chosen (null: the original). */
  chosen: Lang | null;
  /** The channel heard now; null means the floor (the original, or the fallback of an idle channel). */
  hearing: Lang | null;
  /** The chosen channel has nobody on air (or is gone): the floor plays instead. */
  fallback: boolean;
  /** Keep the floor quietly under the interpretation (the page mixes it). */
  floorUnder: boolean;
  /** The session's channels and their live/idle state. */
  channels: ChannelView[];
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
  /** Set on a language channel's feed. */
  channel?: Lang;
  /** Received now: false for audio the listener does not hear (another channel, or the floor under none). */
  flowing: boolean;
  /** Set on the tracks of a citizen given the floor; `backstage` while in the green room. */
  floor?: ProducerInfo['floor'];
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
  /** What is heard changed: a new choice, a channel going live or idle. */
  listening: [Listening];
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
  #choice: Required<ListenChoice>;
  readonly #lowLatency: boolean;
  readonly #backstage: boolean;
  readonly #channels = new Map<Lang, ChannelView>();
  /** Serializes consumer pauses and resumes after a choice or a channel change. */
  #applying: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #off: (() => void)[] = [];

  private constructor(session: MediaSession, opts: WatchOptions) {
    super();
    this.#session = session;
    this.#audioOnly = opts.audioOnly ?? false;
    this.#layer = opts.preferredLayer ?? 'auto';
    this.#choice = { channel: opts.listen?.channel ?? null, floorUnder: opts.listen?.floorUnder ?? false };
    this.#lowLatency = opts.lowLatency ?? false;
    this.#backstage = opts.backstage ?? false;
    this.#off.push(onPush(session.socket, INTERP_SERVER_EVENTS, 'interp:channel', (e) => e.sessionId === session.sessionId && this.#setChannel(e.channel)));
    this.#off.push(
      session.on('joined', (j) => void this.#restart(j)),
      session.on('closed', () => this.#end()),
      session.on('producerAdded', (p) => {
        this.#known.set(p.id, p);
        // A green room's track announced again: it came on stage.
        if (this.#feeds.has(p.id)) this.#update(p.id, { floor: p.floor });
        else void this.#consume(p);
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

  /** What is heard now; follows `listen` and the channels' state. */
  get listening(): Listening {
    const chosen = this.#choice.channel;
    const c = chosen ? this.#channels.get(chosen) : undefined;
    const hearing = c?.live && c.producerId ? c.lang : null;
    return { chosen, hearing, fallback: chosen !== null && hearing === null, floorUnder: this.#choice.floorUnder, channels: [...this.#channels.values()] };
  }

  /**
   * Hear the original or a language channel (and optionally the floor quietly under it).
   * Only what is heard flows: the rest is paused on the server. Video is untouched.
   */
  listen(choice: ListenChoice): Promise<void> {
    this.#choice = { channel: choice.channel, floorUnder: choice.floorUnder ?? false };
    // Told at once, not after the consumers follow: a page showing the choice as a controlled
    // control would otherwise snap back to the old value for the length of a round trip.
    this.emit('listening', this.listening);
    return this.#apply();
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
      for (const s of rtpStats(await f.consumer.getStats())) {
        if (s.type !== 'inbound-rtp') continue;
        const into = f.kind === 'video' ? out.video : out.audio;
        into.packetsReceived += s.packetsReceived;
        into.packetsLost += s.packetsLost;
        into.bytesReceived += s.bytesReceived;
        if (f.kind === 'video') {
          out.video.framesDecoded += s.framesDecoded;
          out.video.framesPerSecond = Math.max(out.video.framesPerSecond, s.framesPerSecond);
          out.video.frameWidth = Math.max(out.video.frameWidth, s.frameWidth);
          out.video.frameHeight = Math.max(out.video.frameHeight, s.frameHeight);
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
    await this.#loadChannels();
  }

  async #loadChannels() {
    const generation = this.#session.generation;
    try {
      const raw = await request(this.#session.socket, 'interp:channels', { sessionId: this.#session.sessionId });
      const view = ChannelsView.safeParse(raw);
      if (!view.success || generation !== this.#session.generation || this.#closed) return;
      this.#channels.clear();
      for (const c of view.data.channels) this.#channels.set(c.lang, c);
      await this.#apply();
    } catch (e) {
      // Without the channel list the floor still plays.
      if (!this.#closed) this.emit('error', e instanceof MediaError ? e : new MediaError('internal', String(e)));
    }
  }

  #setChannel(c: ChannelView) {
    const before = this.#channels.get(c.lang);
    this.#channels.set(c.lang, c);
    // A channel reopened with a new producer (its media process was replaced): drop the old feed.
    if (before?.producerId && before.producerId !== c.producerId) this.#drop(before.producerId);
    void this.#apply();
  }

  /** Whether an audio feed should flow under the current choice. */
  #wanted(f: { kind: 'audio' | 'video'; channel?: Lang | undefined }): boolean {
    if (f.kind === 'video') return true;
    const { hearing, floorUnder } = this.listening;
    if (f.channel) return f.channel === hearing;
    return hearing === null || floorUnder;
  }

  /**
   * Makes the consumers match the choice: the channel heard is resumed before anything else is
   * paused, so a switch never leaves silence in between. A paused consumer costs the server
   * nothing to forward.
   */
  #apply(): Promise<void> {
    const run = this.#applying.then(async () => {
      if (this.#closed) return;
      // Every open channel is consumed (paused unless heard), so a switch is one resume away.
      for (const c of this.#channels.values()) if (c.producerId && !this.#feeds.has(c.producerId)) await this.#consumeChannel(c);
      const changes = [...this.#feeds.values()].filter((f) => f.kind === 'audio' && this.#wanted(f) !== f.flowing);
      // Resume first, then pause.
      changes.sort((a, b) => Number(this.#wanted(b)) - Number(this.#wanted(a)));
      for (const f of changes) await this.#setFlowing(f, this.#wanted(f));
      this.emit('feeds', this.feeds);
      this.emit('listening', this.listening);
    });
    this.#applying = run.catch(() => undefined);
    return run;
  }

  async #setFlowing(f: Feed & { consumer: types.Consumer }, on: boolean) {
    f.flowing = on;
    const consumerId = f.consumerId;
    const sessionId = this.#session.sessionId;
    if (on) {
      f.consumer.resume();
      await request(this.#session.socket, 'stream:resumeConsumer', { sessionId, consumerId });
    } else {
      f.consumer.pause();
      await request(this.#session.socket, 'stream:pauseConsumer', { sessionId, consumerId });
    }
  }

  #consumeChannel(c: ChannelView): Promise<void> {
    const interpreter = c.interpreter ?? { id: c.producerId ?? '', displayName: null };
    return this.#consume({ id: c.producerId!, kind: 'audio', source: 'interpretation', speaker: interpreter, paused: false, channel: c.lang });
  }

  async #consume(p: ProducerInfo) {
    if (this.#closed || this.#session.isOwnProducer(p.id) || this.#feeds.has(p.id) || this.#pending.has(p.id)) return;
    if (p.kind === 'video' && this.#audioOnly) return;
    if (p.floor?.backstage && !this.#backstage) return;
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
      const early = this.#lowLatency && answer.kind === 'audio';
      const consumer = await transport.consume({
        id: answer.id,
        producerId: answer.producerId,
        kind: answer.kind,
        rtpParameters: rtpParameters.data,
        // Left in the speaker's stream (its CNAME), Chromium holds the sound back until the
        // slower video has caught up (lip sync): a stream of its own is heard as it arrives.
        ...(early ? { streamId: `early-${answer.producerId}` } : {}),
      });
      if (early) lowestDelay(consumer.rtpReceiver);
      mark('consumed');
      if (this.#closed || generation !== this.#session.generation || (!p.channel && !this.#known.has(p.id))) {
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
        ...(p.channel ? { channel: p.channel } : {}),
        // The latest announcement: it may have come on stage while this consumer was made.
        ...(this.#known.get(p.id)?.floor ? { floor: this.#known.get(p.id)!.floor! } : {}),
        flowing: false,
        consumer,
      });
      consumer.on('transportclose', () => {
        if (this.#feeds.get(p.id)?.consumer === consumer) this.#drop(p.id);
      });
      // Attached locally: now let media flow (the server starts it on a keyframe), unless it is
      // audio this listener does not hear now.
      const feed = this.#feeds.get(p.id)!;
      if (this.#wanted(feed)) await this.#setFlowing(feed, true);
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

  #update(producerId: string, patch: Partial<Pick<Feed, 'paused' | 'spatialLayer' | 'floor'>>) {
    const f = this.#feeds.get(producerId);
    if (!f) return;
    Object.assign(f, patch);
    this.emit('feeds', this.feeds);
  }
}

/** Asks the browser to play out received audio as early as it can (Chromium's jitter buffer target). */
function lowestDelay(receiver: RTCRtpReceiver | undefined) {
  if (receiver && 'jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
}

/** A MediaStream with the given feeds' tracks, for a `<video>` or `<audio>` element's srcObject. */
export function streamOf(feeds: readonly Feed[]): MediaStream {
  return new MediaStream(feeds.map((f) => f.track));
}
