import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { ProducerInfo, StreamServerEvents } from '../../common/stream.contract';
import type { Logger } from '../../platform/logger';
import { DEFAULT_LAYER_BITRATES, MEDIA_CODECS } from './media-config';
import type { MediaWorkers, WorkerSlot } from './media-workers';
import type { Peer } from './peer';

/** One router of a session's room, on one worker. */
export interface RoomRouter {
  readonly slot: WorkerSlot;
  readonly router: types.Router;
  /** The router speakers publish to; the others receive every producer through a pipe. */
  readonly origin: boolean;
  /** Receiving transports placed here (viewers, and speakers watching each other). */
  viewers: number;
}

/** A producer as the room knows it, whichever router it lives on. */
export interface RoomProducer {
  readonly producer: types.Producer;
  readonly info: ProducerInfo;
  /** Expected bitrate of each simulcast layer, lowest first. */
  readonly layerBitrates: readonly number[];
}

export type RoomCloseReason = 'session_ended' | 'session_cancelled' | 'worker_died' | 'shutdown' | 'idle';

export interface RoomEvents {
  /** A producer joined the room and reached every router, or came on stage from backstage (the broadcast's program adds it). */
  producer: [RoomProducer];
  /**
   * A non-origin router died with its worker: these peers had transports on it and were
   * closed; they must reconnect. The rest of the room carries on.
   */
  routerlost: [{ workerIndex: number; peers: Peer[] }];
  /** The room closed; `peers` are the peers it had (already closed). */
  close: [{ reason: RoomCloseReason; workerIndex?: number; peers: Peer[] }];
}

export interface RoomOptions {
  sessionId: string;
  pool: MediaWorkers;
  /** Receiving transports per router before the next viewer goes to another worker. */
  viewersPerRouter: number;
  /** Where the PipeTransports between this room's routers listen. */
  pipeListenInfo: types.TransportListenInfo;
  log: Logger;
}

/**
 * The media side of one live session: an origin router where speakers publish, and, once
 * viewers outgrow it, one more router per worker fed through pipeToRouter, so a single
 * broadcast uses every core.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly sessionId: string;
  readonly #routers = new Map<string, RoomRouter>();
  readonly #producers = new Map<string, RoomProducer>();
  readonly #peers = new Map<string, Peer>();
  readonly #origin: RoomRouter;
  #closed = false;
  /** Placement and piping run one at a time so two viewers never open two routers at once. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly opts: RoomOptions,
    origin: RoomRouter,
  ) {
    super();
    this.sessionId = opts.sessionId;
    this.#origin = origin;
    this.#adopt(origin);
  }

  /** Opens the origin router on the least loaded worker. */
  static async create(opts: RoomOptions): Promise<Room> {
    const slot = opts.pool.leastLoaded();
    if (!slot) throw new Error('no media worker is alive');
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { sessionId: opts.sessionId } });
    return new Room(opts, { slot, router, origin: true, viewers: 0 });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get origin(): RoomRouter {
    return this.#origin;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#origin.router.rtpCapabilities;
  }

  get routers(): RoomRouter[] {
    return [...this.#routers.values()];
  }

  get producers(): RoomProducer[] {
    return [...this.#producers.values()];
  }

  producer(id: string): RoomProducer | undefined {
    return this.#producers.get(id);
  }

  get peers(): Peer[] {
    return [...this.#peers.values()];
  }

  peer(id: string): Peer | undefined {
    return this.#peers.get(id);
  }

  /** Adds a peer, replacing (closing) an earlier one with the same id. */
  addPeer(peer: Peer): void {
    this.#peers.get(peer.id)?.close();
    this.#peers.set(peer.id, peer);
    peer.once('close', () => {
      if (this.#peers.get(peer.id) === peer) this.#peers.delete(peer.id);
    });
  }

  /**
   * Registers a producer made on the origin router and pipes it to every other router of the
   * room. If piping fails the producer is closed, so no viewer ever sees half of it.
   */
  async addProducer(producer: types.Producer, info: ProducerInfo): Promise<RoomProducer> {
    if (this.#closed) throw new Error('room closed');
    const encodings = producer.rtpParameters.encodings ?? [];
    const layerBitrates = encodings.length > 1 ? encodings.map((e, i) => e.maxBitrate ?? DEFAULT_LAYER_BITRATES[i] ?? DEFAULT_LAYER_BITRATES[2]) : [];
    const entry: RoomProducer = { producer, info, layerBitrates };
    this.#producers.set(producer.id, entry);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      if (!this.#closed) this.broadcast('stream:producerClosed', { sessionId: this.sessionId, producerId: producer.id });
    });
    try {
      await this.#serial(async () => {
        for (const r of this.#routers.values()) if (!r.origin && !producer.closed) await this.#pipe(producer.id, r);
      });
    } catch (e) {
      producer.close();
      throw e;
    }
    if (!producer.closed) this.emit('producer', entry);
    return entry;
  }

  /**
   * Creates a receiving transport on the router this viewer belongs on (see {@link place}) and
   * counts it there until it closes.
   */
  async createViewerTransport<T extends types.Transport>(create: (at: RoomRouter) => Promise<T>): Promise<{ transport: T; at: RoomRouter }> {
    const at = await this.#serial(() => this.#place());
    at.viewers++;
    let transport: T;
    try {
      transport = await create(at);
    } catch (e) {
      at.viewers--;
      throw e;
    }
    transport.observer.once('close', () => at.viewers--);
    return { transport, at };
  }

  /** Sends a stream event to every peer of the room except `except`. */
  /** Tells every peer (but `except`, and only those `to` accepts). */
  broadcast<E extends keyof StreamServerEvents>(event: E, payload: Parameters<StreamServerEvents[E]>[0], except?: Peer, to?: (p: Peer) => boolean): void {
    for (const p of this.#peers.values()) if (p !== except && (!to || to(p))) p.notify(event, payload);
  }

  /** A backstage (green room) producer goes on stage: the room announces it as new (the program feed takes it). */
  promote(rp: RoomProducer): void {
    if (!rp.info.floor?.backstage || rp.producer.closed || this.#producers.get(rp.producer.id) !== rp) return;
    rp.info.floor = { ...rp.info.floor, backstage: false };
    this.emit('producer', rp);
  }

  /** Closes peers first, then the routers (pipes go with them). Safe to call twice. */
  close(reason: RoomCloseReason, workerIndex?: number): void {
    if (this.#closed) return;
    this.#closed = true;
    const peers = [...this.#peers.values()];
    for (const p of peers) p.close();
    this.#peers.clear();
    for (const r of [...this.#routers.values()].reverse()) r.router.close();
    this.#routers.clear();
    this.#producers.clear();
    this.opts.log.info({ sessionId: this.sessionId, reason }, 'media room closed');
    this.emit('close', { reason, ...(workerIndex !== undefined ? { workerIndex } : {}), peers });
    this.removeAllListeners();
  }

  /**
   * The first router with room below the threshold; when all are full, a new router on the
   * least loaded worker that has none for this session yet; when every worker has one, the
   * router with the fewest viewers (the threshold is a target, not a wall).
   */
  async #place(): Promise<RoomRouter> {
    if (this.#closed) throw new Error('room closed');
    const routers = [...this.#routers.values()];
    const free = routers.find((r) => r.viewers < this.opts.viewersPerRouter && !r.router.closed);
    if (free) return free;
    const slot = this.opts.pool.leastLoaded(new Set(routers.map((r) => r.slot.index)));
    if (!slot) return routers.reduce((a, b) => (b.viewers < a.viewers ? b : a));
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { sessionId: this.sessionId } });
    const added: RoomRouter = { slot, router, origin: false, viewers: 0 };
    try {
      for (const p of this.#producers.values()) if (!p.producer.closed) await this.#pipe(p.producer.id, added);
    } catch (e) {
      router.close();
      throw e;
    }
    if (this.#closed) {
      router.close();
      throw new Error('room closed');
    }
    this.#adopt(added);
    this.opts.log.info({ sessionId: this.sessionId, worker: slot.index, routers: this.#routers.size }, 'media room grew to another worker');
    return added;
  }

  async #pipe(producerId: string, to: RoomRouter): Promise<void> {
    // Keeping the producer id lets viewers on any router consume by the same id.
    await this.#origin.router.pipeToRouter({ producerId, router: to.router, listenInfo: this.opts.pipeListenInfo, enableRtx: true, enableSctp: false });
  }

  #adopt(r: RoomRouter) {
    this.#routers.set(r.router.id, r);
    r.router.once('workerclose', () => this.#lost(r));
  }

  #lost(r: RoomRouter) {
    if (this.#closed) return;
    this.opts.log.warn({ sessionId: this.sessionId, worker: r.slot.index, origin: r.origin }, 'media room lost a router with its worker');
    // Without the origin nothing reaches the other routers any more: start the room over.
    if (r.origin) return this.close(r.slot.worker.died ? 'worker_died' : 'shutdown', r.slot.index);
    this.#routers.delete(r.router.id);
    const peers = [...this.#peers.values()].filter((p) => p.usesRouter(r.router.id));
    for (const p of peers) p.close();
    this.emit('routerlost', { workerIndex: r.slot.index, peers });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
