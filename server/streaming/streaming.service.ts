import type { types } from 'mediasoup';
import type { SessionView } from '../../common/agenda.contract';
import { AppError, isAppError } from '../../common/errors';
import type {
  ConnectTransportInput,
  ConsumeInput,
  ConsumerInput,
  ConsumerOptions,
  CreateTransportInput,
  JoinInput,
  JoinResult,
  ProduceInput,
  ProducerInfo,
  ProducerInput,
  RestartIceInput,
  SetLayerInput,
  TransportOptions,
} from '../../common/stream.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { RateLimit } from '../rate-limit';
import { INITIAL_OUTGOING_BITRATE, LIMITS, MAX_INCOMING_BITRATE, SOCKET_BUFFER_BYTES } from './media-config';
import type { MediaWorkers } from './media-workers';
import { Peer, type Notify } from './peer';
import { Room, type RoomCloseReason, type RoomRouter } from './room';

/** Who is asking: the caller's identity and the connection their media belongs to. */
export interface StreamCtx {
  actor: Actor;
  /** The socket id. */
  peerId: string;
  notify: Notify;
}

type Empty = Record<string, never>;

/** How long a room with nobody in it keeps its routers (another process may have ended the session). */
const IDLE_ROOM_MS = 60_000;

/**
 * Live video: who may publish and watch which session, and the signaling steps of
 * mediasoup. Routers exist per live session, lazily; rooms close when the session ends.
 */
export class StreamingService {
  readonly #rooms = new Map<string, Promise<Room>>();
  /** Rooms whose creation finished, for the synchronous lookups of every request. */
  readonly #settled = new Map<string, Room>();
  /** Sessions that ended or were cancelled while this process ran: no room opens again. */
  readonly #over = new Set<string>();
  /** Which sessions each connection has joined, for the per-connection limit and disconnects. */
  readonly #joined = new Map<string, Map<string, Peer>>();
  readonly #idle = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(
    private readonly deps: {
      /** Undefined when media is off or could not start; `unavailable` says why. */
      pool: MediaWorkers | undefined;
      unavailable: string | undefined;
      media: Config['media'];
      agenda: AgendaService;
      roles: RolesService;
      /** Counts joins and transport set-ups per person (each costs the worker real work). */
      setupLimit: RateLimit;
      log: Logger;
    },
  ) {}

  get pool(): MediaWorkers | undefined {
    return this.deps.pool;
  }

  /** Number of sessions with media routers in this process. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Enters a session's media room (see `stream:join`). */
  async join(ctx: StreamCtx, { sessionId }: JoinInput): Promise<JoinResult> {
    const session = await this.#watchable(ctx.actor, sessionId);
    await this.deps.setupLimit.consume(ctx.actor.id);
    const scope = { forumId: session.forumId, sessionId };
    const speaker = await this.deps.roles.has(ctx.actor, 'speaker', scope);
    if (session.state === 'scheduled' && !speaker && !(await this.deps.roles.has(ctx.actor, 'moderator', scope))) {
      throw new AppError('invalid_state', 'the broadcast has not started yet');
    }
    const mine = this.#joined.get(ctx.peerId) ?? new Map<string, Peer>();
    if (!mine.has(sessionId) && mine.size >= LIMITS.roomsPerSocket) throw new AppError('invalid_state', 'this connection watches too many sessions');
    const room = await this.#room(sessionId);
    const peer = new Peer({ id: ctx.peerId, sessionId, actor: ctx.actor, notify: ctx.notify, log: this.deps.log.child({ sessionId, peerId: ctx.peerId }) });
    room.addPeer(peer);
    this.#track(peer, room);
    return {
      routerRtpCapabilities: room.rtpCapabilities,
      producers: room.producers.filter((p) => !p.producer.closed).map((p) => p.info),
      canProduce: speaker && session.state === 'live',
    };
  }

  async leave(ctx: StreamCtx, { sessionId }: JoinInput): Promise<Empty> {
    this.#joined.get(ctx.peerId)?.get(sessionId)?.close();
    return {};
  }

  /** The connection went away: everything it had closes. */
  disconnect(peerId: string): void {
    for (const peer of this.#joined.get(peerId)?.values() ?? []) peer.close();
  }

  async createTransport(ctx: StreamCtx, { sessionId, direction }: CreateTransportInput): Promise<TransportOptions> {
    const { room, peer } = this.#peer(ctx, sessionId);
    if (peer.hasTransport(direction)) throw new AppError('conflict', `a ${direction} transport exists; join again to start over`);
    await this.deps.setupLimit.consume(ctx.actor.id);
    const create = (at: RoomRouter) =>
      at.router.createWebRtcTransport({
        webRtcServer: at.slot.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
        appData: { peerId: peer.id, direction },
      });
    let made: { transport: types.WebRtcTransport; at: RoomRouter };
    if (direction === 'send') {
      await this.#requireSpeaker(ctx.actor, sessionId);
      // Speakers publish on the origin router; viewers elsewhere get their tracks through pipes.
      made = { transport: await mediaCall(() => create(room.origin)), at: room.origin };
    } else {
      made = await mediaCall(() => room.createViewerTransport(create));
    }
    const { transport, at } = made;
    try {
      if (direction === 'send') await transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE);
      await peer.addTransport(transport, direction, at.router);
    } catch (e) {
      transport.close();
      throw e;
    }
    return { id: transport.id, direction, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters };
  }

  async connectTransport(ctx: StreamCtx, input: ConnectTransportInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    await mediaCall(() => peer.connectTransport(input.transportId, input.dtlsParameters));
    return {};
  }

  async restartIce(ctx: StreamCtx, input: RestartIceInput): Promise<{ iceParameters: unknown }> {
    const { peer } = this.#peer(ctx, input.sessionId);
    return { iceParameters: await mediaCall(() => peer.restartIce(input.transportId)) };
  }

  /** Publishes a track: speakers of a live session only. */
  async produce(ctx: StreamCtx, input: ProduceInput): Promise<{ producerId: string }> {
    const { room, peer } = this.#peer(ctx, input.sessionId);
    await this.#requireSpeaker(ctx.actor, input.sessionId);
    const producer = await mediaCall(() => peer.produce(input.transportId, input.kind, input.source, input.rtpParameters));
    const info: ProducerInfo = {
      id: producer.id,
      kind: producer.kind,
      source: input.source,
      speaker: { id: ctx.actor.id, displayName: ctx.actor.displayName },
      paused: false,
    };
    // addProducer closes the producer itself if piping fails.
    await mediaCall(() => room.addProducer(producer, info));
    room.broadcast('stream:producerAdded', { sessionId: input.sessionId, producer: info }, peer);
    this.deps.log.info({ sessionId: input.sessionId, producerId: producer.id, source: input.source, actorId: ctx.actor.id }, 'speaker publishing');
    return { producerId: producer.id };
  }

  pauseProducer(ctx: StreamCtx, input: ProducerInput): Promise<Empty> {
    return this.#setProducerPaused(ctx, input, true);
  }

  resumeProducer(ctx: StreamCtx, input: ProducerInput): Promise<Empty> {
    return this.#setProducerPaused(ctx, input, false);
  }

  async closeProducer(ctx: StreamCtx, input: ProducerInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    peer.producer(input.producerId).close();
    return {};
  }

  async consume(ctx: StreamCtx, input: ConsumeInput): Promise<ConsumerOptions> {
    const { room, peer } = this.#peer(ctx, input.sessionId);
    const of = room.producer(input.producerId);
    if (!of || of.producer.closed) throw new AppError('not_found', 'no such stream in this session');
    const consumer = await mediaCall(() => peer.consume(input.transportId, of, input.rtpCapabilities, input.preferredLayer ?? 'auto'));
    return {
      id: consumer.id,
      producerId: consumer.producerId,
      kind: consumer.kind,
      source: of.info.source,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  async resumeConsumer(ctx: StreamCtx, input: ConsumerInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    await mediaCall(() => peer.consumer(input.consumerId).resume());
    return {};
  }

  async pauseConsumer(ctx: StreamCtx, input: ConsumerInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    await mediaCall(() => peer.consumer(input.consumerId).pause());
    return {};
  }

  async closeConsumer(ctx: StreamCtx, input: ConsumerInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    peer.consumer(input.consumerId).close();
    return {};
  }

  async setLayer(ctx: StreamCtx, input: SetLayerInput): Promise<Empty> {
    const { peer } = this.#peer(ctx, input.sessionId);
    await mediaCall(() => peer.setLayer(input.consumerId, input.preferredLayer));
    return {};
  }

  /**
   * The session's room, opened if needed. No authorization: the socket layer checks before
   * calling; server-side tools (tests, benchmarks, ingest) use it directly.
   */
  async openRoom(sessionId: string): Promise<Room> {
    return this.#room(sessionId);
  }

  /** The session is over: close its room and tell everyone in it. */
  async endSession(sessionId: string, reason: 'session_ended' | 'session_cancelled'): Promise<void> {
    this.#over.add(sessionId);
    const room = await this.#rooms.get(sessionId)?.catch(() => undefined);
    room?.close(reason);
  }

  /** Closes every room (children first); the module closes the pool after. Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#idle.values()) clearTimeout(t);
    const rooms = await Promise.all([...this.#rooms.values()].map((r) => r.catch(() => undefined)));
    for (const r of rooms) r?.close('shutdown');
    this.#rooms.clear();
  }

  #available(): MediaWorkers {
    if (this.#closed) throw new AppError('invalid_state', 'the server is shutting down');
    if (!this.deps.pool) throw new AppError('invalid_state', 'live video is not available on this server');
    return this.deps.pool;
  }

  async #watchable(actor: Actor, sessionId: string): Promise<SessionView> {
    this.#available();
    const session = await this.deps.agenda.session(sessionId);
    if (session.state === 'ended' || session.state === 'cancelled' || this.#over.has(sessionId)) {
      throw new AppError('invalid_state', `the session is ${session.state === 'cancelled' ? 'cancelled' : 'over'}`);
    }
    return session;
  }

  async #requireSpeaker(actor: Actor, sessionId: string): Promise<void> {
    const session = await this.deps.agenda.session(sessionId);
    await this.deps.roles.require(actor, 'speaker', { forumId: session.forumId, sessionId });
    if (session.state !== 'live' || this.#over.has(sessionId)) throw new AppError('invalid_state', 'you can publish while the session is live');
  }

  #peer(ctx: StreamCtx, sessionId: string): { room: Room; peer: Peer } {
    this.#available();
    const peer = this.#joined.get(ctx.peerId)?.get(sessionId);
    const room = peer ? this.#settled.get(sessionId) : undefined;
    if (!peer || !room || peer.closed || room.closed) throw new AppError('invalid_state', 'join the stream of this session first');
    return { room, peer };
  }

  #room(sessionId: string): Promise<Room> {
    const pool = this.#available();
    if (this.#over.has(sessionId)) return Promise.reject(new AppError('invalid_state', 'the session is over'));
    let pending = this.#rooms.get(sessionId);
    if (!pending) {
      pending = Room.create({
        sessionId,
        pool,
        viewersPerRouter: this.deps.media.viewersPerRouter,
        pipeListenInfo: {
          protocol: 'udp',
          ip: '127.0.0.1',
          portRange: { min: this.deps.media.rtcMinPort, max: this.deps.media.rtcMaxPort },
          sendBufferSize: SOCKET_BUFFER_BYTES,
          recvBufferSize: SOCKET_BUFFER_BYTES,
        },
        log: this.deps.log.child({ sessionId }),
      }).then(
        (room) => {
          if (this.#closed || this.#over.has(sessionId)) {
            room.close(this.#closed ? 'shutdown' : 'session_ended');
            throw new AppError('invalid_state', 'the session is over');
          }
          this.#settled.set(sessionId, room);
          room.on('close', (e) => this.#onRoomClosed(room, e));
          room.on('routerlost', ({ peers }) => {
            for (const p of peers) p.notify('stream:reconnect', { sessionId, reason: 'worker_died' });
          });
          this.deps.log.info({ sessionId, worker: room.origin.slot.index }, 'media room opened');
          return room;
        },
        (e: unknown) => {
          this.#rooms.delete(sessionId);
          if (isAppError(e)) throw e;
          this.deps.log.error({ err: e, sessionId }, 'could not open a media room');
          throw new AppError('invalid_state', 'live video is temporarily unavailable; try again in a moment');
        },
      );
      this.#rooms.set(sessionId, pending);
    }
    return pending;
  }

  #onRoomClosed(room: Room, e: { reason: RoomCloseReason; workerIndex?: number; peers: Peer[] }) {
    const { sessionId } = room;
    if (this.#settled.get(sessionId) === room) {
      this.#settled.delete(sessionId);
      this.#rooms.delete(sessionId);
    }
    clearTimeout(this.#idle.get(sessionId));
    this.#idle.delete(sessionId);
    if (e.reason === 'session_ended' || e.reason === 'session_cancelled') {
      for (const p of e.peers) p.notify('stream:closed', { sessionId, reason: e.reason });
      return;
    }
    if (e.reason !== 'worker_died' || e.workerIndex === undefined) return;
    // Reopen the room once the worker is back, then send everyone to it.
    const pool = this.deps.pool!;
    void pool
      .whenAlive(e.workerIndex)
      .then(() => (this.#closed || this.#over.has(sessionId) ? undefined : this.#room(sessionId)))
      .catch((err: unknown) => this.deps.log.error({ err, sessionId }, 'could not reopen the media room'))
      .finally(() => {
        for (const p of e.peers) p.notify('stream:reconnect', { sessionId, reason: 'worker_died' });
      });
  }

  #track(peer: Peer, room: Room) {
    const mine = this.#joined.get(peer.id) ?? new Map<string, Peer>();
    this.#joined.set(peer.id, mine);
    mine.set(peer.sessionId, peer);
    clearTimeout(this.#idle.get(room.sessionId));
    this.#idle.delete(room.sessionId);
    peer.once('close', () => {
      if (mine.get(peer.sessionId) === peer) mine.delete(peer.sessionId);
      if (mine.size === 0 && this.#joined.get(peer.id) === mine) this.#joined.delete(peer.id);
      if (!room.closed && room.peers.length === 0) {
        const timer = setTimeout(() => {
          this.#idle.delete(room.sessionId);
          if (room.peers.length === 0) room.close('idle');
        }, IDLE_ROOM_MS);
        timer.unref();
        this.#idle.set(room.sessionId, timer);
      }
    });
  }

  async #setProducerPaused(ctx: StreamCtx, input: ProducerInput, paused: boolean): Promise<Empty> {
    const { room, peer } = this.#peer(ctx, input.sessionId);
    const producer = peer.producer(input.producerId);
    await mediaCall(() => (paused ? producer.pause() : producer.resume()));
    const known = room.producer(producer.id);
    if (known) known.info.paused = paused;
    room.broadcast('stream:producerPaused', { sessionId: input.sessionId, producerId: producer.id, paused });
    return {};
  }
}

/**
 * Runs a mediasoup call made on a client's behalf and turns mediasoup's refusals into the
 * error model: its TypeError/UnsupportedError mean the client's parameters are wrong; a
 * closed object or a request the worker rejects means the client is out of step.
 */
export async function mediaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e) || !(e instanceof Error)) throw e;
    if (e instanceof TypeError || e.name === 'UnsupportedError') throw new AppError('invalid_input', e.message);
    if (e.name === 'InvalidStateError') throw new AppError('invalid_state', 'that media object has closed; join again');
    throw new AppError('invalid_state', `the media server refused: ${e.message}`);
  }
}
