import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { z } from 'zod';
import { AppError } from '../../common/errors';
import type { MediaSource, PreferredLayer, StreamServerEvents, TransportDirection } from '../../common/stream.contract';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import { CONSUMER_PRIORITY, LIMITS } from './media-config';
import { LayerGovernor } from './layer-governor';
import type { RoomProducer } from './room';

/** Sends one stream event to this peer's client. */
export type Notify = <E extends keyof StreamServerEvents>(event: E, payload: Parameters<StreamServerEvents[E]>[0]) => void;

interface PeerTransport {
  readonly transport: types.WebRtcTransport;
  readonly direction: TransportDirection;
  readonly router: types.Router;
  readonly governor: LayerGovernor | undefined;
}

interface PeerConsumer {
  readonly consumer: types.Consumer;
  readonly transportId: string;
  readonly source: MediaSource;
  /** The viewer's ceiling as a spatial layer index. */
  wanted: number;
  readonly layerBitrates: readonly number[];
}

export interface PeerOptions {
  /** The socket id: one peer per connection and session. */
  id: string;
  sessionId: string;
  actor: Actor;
  /** A moderator or organizer of the session: sees the green room. */
  staff?: boolean;
  notify: Notify;
  log: Logger;
}

const LAYER_INDEX: Record<PreferredLayer, number> = { low: 0, medium: 1, high: 2, auto: 2 };
const SOURCE_KIND: Record<MediaSource, types.MediaKind> = { mic: 'audio', camera: 'video', screen: 'video', interpretation: 'audio' };
const BweInfo = z.object({ availableBitrate: z.number().nonnegative() });

/**
 * One connection's media in one session: its transports, the tracks it publishes and the
 * streams it receives. Knows nothing of rooms; the room places its transports.
 */
export class Peer extends EventEmitter<{ close: [] }> {
  readonly id: string;
  readonly sessionId: string;
  readonly actor: Actor;
  readonly staff: boolean;
  readonly notify: Notify;
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, { producer: types.Producer; source: MediaSource }>();
  readonly #consumers = new Map<string, PeerConsumer>();
  readonly #routerIds = new Set<string>();
  readonly #log: Logger;
  #closed = false;

  constructor(opts: PeerOptions) {
    super();
    this.id = opts.id;
    this.sessionId = opts.sessionId;
    this.actor = opts.actor;
    this.staff = opts.staff ?? false;
    this.notify = opts.notify;
    this.#log = opts.log;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get producers(): types.Producer[] {
    return [...this.#producers.values()].map((p) => p.producer);
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()].map((c) => c.consumer);
  }

  hasTransport(direction: TransportDirection): boolean {
    return [...this.#transports.values()].some((t) => t.direction === direction);
  }

  /**
   * Whether this peer has had a transport on the router. Kept after the transport closes: when a
   * worker dies, mediasoup closes the transports before the router reports it.
   */
  usesRouter(routerId: string): boolean {
    return this.#routerIds.has(routerId);
  }

  /** Takes ownership of a transport the room created for this peer. */
  async addTransport(transport: types.WebRtcTransport, direction: TransportDirection, router: types.Router): Promise<void> {
    if (this.#closed) {
      transport.close();
      throw new AppError('invalid_state', 'this media connection has closed; join again');
    }
    const governor = direction === 'recv' ? new LayerGovernor() : undefined;
    const entry: PeerTransport = { transport, direction, router, governor };
    this.#transports.set(transport.id, entry);
    this.#routerIds.add(router.id);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
    if (governor) {
      transport.on('trace', (trace) => this.#onBwe(entry, trace));
      await transport.enableTraceEvent(['bwe']);
    }
  }

  transport(id: string, direction?: TransportDirection): PeerTransport {
    const t = this.#transports.get(id);
    if (!t) throw new AppError('not_found', 'no such transport in this connection');
    if (direction && t.direction !== direction) throw new AppError('invalid_input', `this is a ${t.direction} transport`);
    return t;
  }

  async connectTransport(id: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.transport(id).transport.connect({ dtlsParameters });
  }

  async restartIce(id: string): Promise<types.IceParameters> {
    return this.transport(id).transport.restartIce();
  }

  /** Publishes one track; one per source (camera, mic, screen). */
  async produce(transportId: string, kind: types.MediaKind, source: MediaSource, rtpParameters: types.RtpParameters): Promise<types.Producer> {
    const { transport } = this.transport(transportId, 'send');
    if (SOURCE_KIND[source] !== kind) throw new AppError('invalid_input', `${source} must be ${SOURCE_KIND[source]}`);
    if ([...this.#producers.values()].some((p) => p.source === source)) throw new AppError('conflict', `${source} is already being published; stop it first`);
    if (this.#producers.size >= LIMITS.producersPerPeer) throw new AppError('invalid_state', 'too many tracks');
    const producer = await transport.produce({ kind, rtpParameters, appData: { source, peerId: this.id } });
    this.#producers.set(producer.id, { producer, source });
    producer.observer.once('close', () => this.#producers.delete(producer.id));
    return producer;
  }

  producer(id: string): types.Producer {
    const p = this.#producers.get(id);
    if (!p) throw new AppError('not_found', 'no such track of yours');
    return p.producer;
  }

  /**
   * A paused consumer of `of` on the given receiving transport. Anything that fails after
   * mediasoup made it closes it again.
   */
  async consume(transportId: string, of: RoomProducer, rtpCapabilities: types.RtpCapabilities, preferred: PreferredLayer): Promise<types.Consumer> {
    const t = this.transport(transportId, 'recv');
    if (this.#consumers.size >= LIMITS.consumersPerPeer) throw new AppError('invalid_state', 'too many streams');
    if ([...this.#consumers.values()].some((c) => c.consumer.producerId === of.producer.id)) throw new AppError('conflict', 'already receiving this stream');
    if (!t.router.canConsume({ producerId: of.producer.id, rtpCapabilities })) {
      throw new AppError('invalid_input', 'this device cannot decode that stream');
    }
    const spatialLayers = Math.max(1, of.layerBitrates.length);
    const wanted = Math.min(LAYER_INDEX[preferred], spatialLayers - 1);
    const consumer = await t.transport.consume({
      producerId: of.producer.id,
      rtpCapabilities,
      // Paused until the client has attached it, so the first frame it gets is a keyframe.
      paused: true,
      ...(of.layerBitrates.length > 1 ? { preferredLayers: { spatialLayer: wanted, temporalLayer: 2 } } : {}),
      appData: { source: of.info.source, peerId: this.id },
    });
    try {
      if (consumer.kind === 'video') await consumer.setPriority(of.info.source === 'screen' ? CONSUMER_PRIORITY.screen : CONSUMER_PRIORITY.camera);
    } catch (e) {
      consumer.close();
      throw e;
    }
    const entry: PeerConsumer = { consumer, transportId, source: of.info.source, wanted, layerBitrates: of.layerBitrates };
    this.#consumers.set(consumer.id, entry);
    consumer.observer.once('close', () => {
      this.#consumers.delete(consumer.id);
      t.governor?.remove(consumer.id);
    });
    consumer.on('producerclose', () => {
      if (!this.#closed) this.notify('stream:consumerClosed', { sessionId: this.sessionId, consumerId: consumer.id, producerId: consumer.producerId });
    });
    consumer.on('layerschange', (layers) =>
      this.notify('stream:layersChanged', {
        sessionId: this.sessionId,
        consumerId: consumer.id,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      }),
    );
    return consumer;
  }

  consumer(id: string): types.Consumer {
    const c = this.#consumers.get(id);
    if (!c) throw new AppError('not_found', 'no such stream in this connection');
    return c.consumer;
  }

  /** The viewer's layer choice; bandwidth may still hold it lower. */
  async setLayer(consumerId: string, preferred: PreferredLayer): Promise<void> {
    const c = this.#consumers.get(consumerId);
    if (!c) throw new AppError('not_found', 'no such stream in this connection');
    if (c.consumer.type !== 'simulcast') return;
    const target = Math.min(LAYER_INDEX[preferred], c.layerBitrates.length - 1);
    const raised = target > c.wanted;
    c.wanted = target;
    const current = c.consumer.preferredLayers?.spatialLayer ?? target;
    if (raised) {
      // With bandwidth estimates coming in, the governor raises it as far as the link allows.
      if (this.#transports.get(c.transportId)?.governor?.has(consumerId)) return;
      await c.consumer.setPreferredLayers({ spatialLayer: target, temporalLayer: 2 });
    } else if (target < current) {
      await c.consumer.setPreferredLayers({ spatialLayer: target, temporalLayer: 2 });
    }
  }

  /** Closes transports, and with them producers and consumers. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#transports.values()) t.transport.close();
    this.#transports.clear();
    this.emit('close');
    this.removeAllListeners();
  }

  #onBwe(t: PeerTransport, trace: types.TransportTraceEventData) {
    if (trace.type !== 'bwe' || trace.direction !== 'out' || !t.governor) return;
    const info = BweInfo.safeParse(trace.info);
    if (!info.success) return;
    const mine = [...this.#consumers.values()].filter((c) => c.transportId === t.transport.id && !c.consumer.closed && !c.consumer.paused);
    const videos = mine.filter((c) => c.consumer.type === 'simulcast');
    const audio = mine.filter((c) => c.consumer.kind === 'audio').length;
    const changes = t.governor.update(
      Date.now(),
      info.data.availableBitrate,
      videos.map((c) => ({ id: c.consumer.id, priority: c.source === 'screen' ? CONSUMER_PRIORITY.screen : CONSUMER_PRIORITY.camera, wanted: c.wanted, layerBitrates: c.layerBitrates })),
      audio,
    );
    for (const [id, spatialLayer] of changes) {
      const c = this.#consumers.get(id);
      if (!c || c.consumer.preferredLayers?.spatialLayer === spatialLayer) continue;
      c.consumer.setPreferredLayers({ spatialLayer, temporalLayer: 2 }).catch((e: unknown) => this.#log.debug({ err: e, consumerId: id }, 'layer change failed'));
      this.#log.debug({ consumerId: id, spatialLayer, availableBitrate: info.data.availableBitrate }, 'layer cap changed');
    }
  }
}
