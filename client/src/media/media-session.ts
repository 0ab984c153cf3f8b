import { Device, type types } from 'mediasoup-client';
import { z } from 'zod/mini';
import { Lang } from '../../../common/base';
import {
  HEADER_EXTENSION_URIS,
  IceParameters,
  MediaSource,
  RtpCapabilities,
  TransportParams,
  type JoinResult,
  type ProducerInfo,
  type RtpParameters,
  STREAM_SERVER_EVENTS,
} from '../../../common/stream.contract';
import { onPush } from '../api/push';
import type { ChannelMic, ChannelMicOptions } from './channel-mic';
import { Emitter } from './emitter';
import type { Publisher, PublishOptions } from './publisher';
import { Viewer, type WatchOptions } from './viewer';
import { mark } from '../state/timeline';
import { MediaError, request, type MediaSocket } from './signal';

/** `connecting` until the first join; `reconnecting` while media is being re-established. */
export type MediaState = 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type MediaCloseReason = 'session_ended' | 'session_cancelled' | 'closed' | 'failed';

/** What every (re)join tells the publisher and viewer built on a session. */
export interface Joined {
  producers: ProducerInfo[];
  canProduce: boolean;
}

export interface MediaSessionEvents extends Record<string, unknown[]> {
  state: [MediaState];
  /** The session's media is gone for good; `failed` means reconnecting gave up. */
  closed: [MediaCloseReason];
  /** After the first join and after every reconnect: media built on the session starts over. */
  joined: [Joined];
  /** A producer of someone else appeared, closed, or was muted/unmuted. */
  producerAdded: [ProducerInfo];
  producerClosed: [string];
  producerPaused: [string, boolean];
  consumerClosed: [string];
  layersChanged: [{ consumerId: string; spatialLayer: number | null; temporalLayer: number | null }];
}

const KNOWN_URIS = new Set<string>(HEADER_EXTENSION_URIS);
/** Open sessions per socket and session id. */
const OPEN = new WeakMap<MediaSocket, Map<string, Promise<MediaSession>>>();
const isKnownUri = (uri: string): uri is (typeof HEADER_EXTENSION_URIS)[number] => KNOWN_URIS.has(uri);
const RETRY_MS = [500, 1000, 2000, 4000, 8000, 15000];
/** An ICE `disconnected` that lasts this long gets an ICE restart. */
const ICE_GRACE_MS = 4000;

/** A producer's language channel, as its appData carries it (none for the floor). */
const Channel = z.optional(Lang);

/**
 * One session's media connection: joins the `stream:*` room, loads the mediasoup-client
 * Device, owns the send and receive transports, and re-establishes everything when the
 * server asks (`stream:reconnect`), the socket reconnects, or ICE fails beyond repair.
 * Publishers and viewers are built on it (see {@link MediaSession.publish} / `watch`).
 */
export class MediaSession extends Emitter<MediaSessionEvents> {
  readonly sessionId: string;
  readonly socket: MediaSocket;
  #device: Device | undefined;
  #state: MediaState = 'connecting';
  #canProduce = false;
  #send: Promise<types.Transport> | undefined;
  #recv: Promise<types.Transport> | undefined;
  #restarting: Promise<void> | undefined;
  #joined: Joined = { producers: [], canProduce: false };
  /** Bumped on every restart, so answers to an older connection are ignored. */
  #generation = 0;
  readonly #ownProducers = new Set<string>();
  readonly #unsubscribe: (() => void)[] = [];

  private constructor(socket: MediaSocket, sessionId: string) {
    super();
    this.socket = socket;
    this.sessionId = sessionId;
  }

  /**
   * Joins the session's media room. Rejects with {@link MediaError}: `not_found` (no such
   * session), `invalid_state` (not live yet, or over), `unsupported` (no WebRTC here).
   * The server keeps one media connection per socket and session, so opening the same session
   * twice on one socket gives back the same MediaSession (publish and watch on it).
   */
  static open(socket: MediaSocket, sessionId: string): Promise<MediaSession> {
    const mine = OPEN.get(socket) ?? new Map<string, Promise<MediaSession>>();
    OPEN.set(socket, mine);
    let opening = mine.get(sessionId);
    if (!opening) {
      opening = MediaSession.#open(socket, sessionId);
      mine.set(sessionId, opening);
      opening.then(
        (s) => s.on('closed', () => mine.get(sessionId) === opening && mine.delete(sessionId)),
        () => mine.get(sessionId) === opening && mine.delete(sessionId),
      );
    }
    return opening;
  }

  static async #open(socket: MediaSocket, sessionId: string): Promise<MediaSession> {
    const s = new MediaSession(socket, sessionId);
    s.#listen();
    try {
      await s.#join();
      s.#setState('connected');
    } catch (e) {
      s.#teardown();
      throw e;
    }
    return s;
  }

  get state(): MediaState {
    return this.#state;
  }

  /** True when the caller is a speaker of this live session. */
  get canProduce(): boolean {
    return this.#canProduce;
  }

  /** The mediasoup-client Device of the current connection. */
  get device(): Device {
    if (!this.#device) throw new MediaError('invalid_state', 'media is not connected');
    return this.#device;
  }

  /** What this browser can decode, in the contract's shape (for `stream:consume`). */
  recvCapabilities(): RtpCapabilities {
    const caps = this.device.recvRtpCapabilities;
    return {
      codecs: (caps.codecs ?? []).map((c) => ({
        kind: c.kind,
        mimeType: c.mimeType,
        preferredPayloadType: c.preferredPayloadType,
        clockRate: c.clockRate,
        ...(c.channels !== undefined ? { channels: c.channels } : {}),
        parameters: plainParams(c.parameters),
        rtcpFeedback: c.rtcpFeedback ?? [],
      })),
      headerExtensions: (caps.headerExtensions ?? []).flatMap((h) =>
        isKnownUri(h.uri)
          ? [{ kind: h.kind, uri: h.uri, preferredId: h.preferredId, ...(h.preferredEncrypt !== undefined ? { preferredEncrypt: h.preferredEncrypt } : {}), ...(h.direction ? { direction: h.direction } : {}) }]
          : [],
      ),
    };
  }

  get generation(): number {
    return this.#generation;
  }

  /**
   * Publishes camera, microphone and/or screen. Rejects with {@link MediaError}: `forbidden`
   * unless the caller is a speaker of this live session, `device` when a device cannot be opened.
   */
  publish(opts: PublishOptions = {}): Promise<Publisher> {
    // Fetched when first used: a viewer's page does not carry the publishing code.
    return import('./publisher').then((m) => m.Publisher.start(this, opts));
  }

  /**
   * Publishes the microphone into a language channel, off air (see {@link ChannelMic}).
   * Rejects with `forbidden` unless the caller interprets into that language here.
   */
  interpret(opts: ChannelMicOptions): Promise<ChannelMic> {
    return import('./channel-mic').then((m) => m.ChannelMic.start(this, opts));
  }

  /** Receives everything the session's speakers publish, now and later. */
  watch(opts: WatchOptions = {}): Promise<Viewer> {
    return Viewer.start(this, opts, this.#joined);
  }

  /** Whether a producer id is one this connection publishes (viewers skip their own). */
  isOwnProducer(id: string): boolean {
    return this.#ownProducers.has(id);
  }

  /** The send transport of the current connection, created on first use. */
  sendTransport(): Promise<types.Transport> {
    this.#send ??= this.#createTransport('send').catch((e: unknown) => {
      this.#send = undefined;
      throw e;
    });
    return this.#send;
  }

  /** The receive transport of the current connection, created on first use. */
  recvTransport(): Promise<types.Transport> {
    this.#recv ??= this.#createTransport('recv').catch((e: unknown) => {
      this.#recv = undefined;
      throw e;
    });
    return this.#recv;
  }

  /** Leaves the room and closes every transport (local tracks are the publisher's to stop). */
  close(): void {
    if (this.#state === 'closed') return;
    void request(this.socket, 'stream:leave', { sessionId: this.sessionId }).catch(() => undefined);
    this.#finish('closed');
  }

  async #join(): Promise<Joined> {
    const generation = this.#generation;
    const answer: JoinResult = await request(this.socket, 'stream:join', { sessionId: this.sessionId });
    mark('joined');
    const caps = RtpCapabilities.safeParse(answer.routerRtpCapabilities);
    if (!caps.success) throw new MediaError('internal', 'the server sent unreadable media capabilities');
    let device: Device;
    try {
      device = await Device.factory();
      await device.load({ routerRtpCapabilities: caps.data });
      mark('device');
    } catch (e) {
      throw new MediaError('unsupported', `this browser cannot receive the broadcast: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (generation !== this.#generation) throw new MediaError('invalid_state', 'superseded');
    this.#device = device;
    this.#canProduce = answer.canProduce;
    this.#joined = { producers: answer.producers, canProduce: answer.canProduce };
    return this.#joined;
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const generation = this.#generation;
    const device = this.device;
    const raw = await request(this.socket, 'stream:createTransport', { sessionId: this.sessionId, direction });
    mark('transport');
    const params = TransportParams.safeParse(raw);
    if (!params.success || generation !== this.#generation) throw new MediaError('invalid_state', 'the media connection changed; try again');
    const options = { ...params.data, appData: { direction } };
    const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      request(this.socket, 'stream:connectTransport', { sessionId: this.sessionId, transportId: transport.id, dtlsParameters }).then(() => done(), fail);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        const source = MediaSource.safeParse(appData.source);
        const channel = Channel.safeParse(appData.channel);
        if (!source.success || !channel.success) return fail(new MediaError('invalid_input', 'unknown source'));
        const input = { sessionId: this.sessionId, transportId: transport.id, kind, source: source.data, ...(channel.data ? { channel: channel.data } : {}), rtpParameters: toWire(rtpParameters) };
        request(this.socket, 'stream:produce', input).then(({ producerId }) => {
          this.#ownProducers.add(producerId);
          done({ id: producerId });
        }, fail);
      });
    }
    let grace: ReturnType<typeof setTimeout> | undefined;
    transport.on('connectionstatechange', (state) => {
      clearTimeout(grace);
      if (state === 'failed') void this.#restartIce(transport, generation);
      else if (state === 'disconnected') grace = setTimeout(() => void this.#restartIce(transport, generation), ICE_GRACE_MS);
    });
    return transport;
  }

  async #restartIce(transport: types.Transport, generation: number) {
    if (generation !== this.#generation || transport.closed) return;
    try {
      const { iceParameters } = await request(this.socket, 'stream:restartIce', { sessionId: this.sessionId, transportId: transport.id });
      const ice = IceParameters.safeParse(iceParameters);
      if (!ice.success) throw new MediaError('internal', 'unreadable ICE parameters');
      await transport.restartIce({ iceParameters: ice.data });
    } catch {
      // The server no longer knows this transport (or the network changed too much): start over.
      void this.#restart();
    }
  }

  /** Drops every transport and joins again, with back-off, until it works or the session is over. */
  #restart(): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    this.#restarting ??= (async () => {
      this.#setState('reconnecting');
      for (let attempt = 0; !this.#isClosed(); attempt++) {
        this.#dropTransports();
        try {
          const joined = await this.#join();
          if (this.#isClosed()) return;
          this.#setState('connected');
          this.emit('joined', joined);
          return;
        } catch (e) {
          const over = e instanceof MediaError && (e.code === 'not_found' || e.code === 'forbidden' || /over|cancelled/.test(e.message));
          if (over || attempt >= RETRY_MS.length) return this.#finish(over ? 'session_ended' : 'failed');
          await new Promise((r) => setTimeout(r, RETRY_MS[attempt]));
        }
      }
    })().finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  #dropTransports() {
    this.#generation++;
    const [send, recv] = [this.#send, this.#recv];
    this.#send = this.#recv = undefined;
    for (const t of [send, recv]) void t?.then((x) => x.close(), () => undefined);
    this.#ownProducers.clear();
  }

  #listen() {
    const mine = (e: { sessionId: string }) => e.sessionId === this.sessionId;
    this.#on('stream:reconnect', (e) => mine(e) && void this.#restart());
    this.#on('stream:closed', (e) => mine(e) && this.#finish(e.reason));
    this.#on('stream:producerAdded', (e) => mine(e) && this.emit('producerAdded', e.producer));
    this.#on('stream:producerClosed', (e) => mine(e) && this.emit('producerClosed', e.producerId));
    this.#on('stream:producerPaused', (e) => mine(e) && this.emit('producerPaused', e.producerId, e.paused));
    this.#on('stream:consumerClosed', (e) => mine(e) && this.emit('consumerClosed', e.consumerId));
    this.#on('stream:layersChanged', (e) => mine(e) && this.emit('layersChanged', { consumerId: e.consumerId, spatialLayer: e.spatialLayer, temporalLayer: e.temporalLayer }));
    // The server closes a connection's media when the socket drops; a new connection starts over.
    const s = this.socket;
    let dropped = false;
    const onDisconnect = () => {
      dropped = true;
      if (this.#state === 'connected') this.#setState('reconnecting');
    };
    const onConnect = () => {
      if (!dropped) return;
      dropped = false;
      void this.#restart();
    };
    s.on('disconnect', onDisconnect);
    s.on('connect', onConnect);
    this.#unsubscribe.push(() => s.off('disconnect', onDisconnect), () => s.off('connect', onConnect));
  }

  #on<E extends keyof typeof STREAM_SERVER_EVENTS>(event: E, fn: (e: z.output<(typeof STREAM_SERVER_EVENTS)[E]['payload']>) => unknown) {
    this.#unsubscribe.push(onPush(this.socket, STREAM_SERVER_EVENTS, event, (e) => void fn(e)));
  }

  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #setState(state: MediaState) {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    this.emit('state', state);
  }

  #finish(reason: MediaCloseReason) {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    this.#teardown();
    this.emit('closed', reason);
    this.removeAllListeners();
  }

  #teardown() {
    this.#dropTransports();
    for (const u of this.#unsubscribe.splice(0)) u();
  }
}

/** mediasoup-client's RTP parameters in the contract's shape (browser-only extensions dropped). */
function toWire(p: types.RtpParameters): RtpParameters {
  return {
    ...(p.mid !== undefined ? { mid: p.mid } : {}),
    codecs: p.codecs.map((c) => ({ ...c, parameters: plainParams(c.parameters) })),
    headerExtensions: (p.headerExtensions ?? []).flatMap((h) =>
      isKnownUri(h.uri) ? [{ uri: h.uri, id: h.id, ...(h.encrypt !== undefined ? { encrypt: h.encrypt } : {}) }] : [],
    ),
    encodings: (p.encodings ?? []).map((e) => ({
      ...(e.ssrc !== undefined ? { ssrc: e.ssrc } : {}),
      ...(e.rid !== undefined ? { rid: e.rid } : {}),
      ...(e.codecPayloadType !== undefined ? { codecPayloadType: e.codecPayloadType } : {}),
      ...(e.rtx ? { rtx: e.rtx } : {}),
      ...(e.dtx !== undefined ? { dtx: e.dtx } : {}),
      ...(e.scalabilityMode !== undefined ? { scalabilityMode: e.scalabilityMode } : {}),
      ...(e.maxBitrate !== undefined ? { maxBitrate: e.maxBitrate } : {}),
    })),
    ...(p.rtcp ? { rtcp: { ...(p.rtcp.cname !== undefined ? { cname: p.rtcp.cname } : {}), ...(p.rtcp.reducedSize !== undefined ? { reducedSize: p.rtcp.reducedSize } : {}) } } : {}),
  };
}

function plainParams(params: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

export type { MediaSource };
