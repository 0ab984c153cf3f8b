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
import { WEBRTC_FULL } from '../../common/stream.contract';
import type { Lang } from '../../common/base';
import type { AgendaService } from '../agenda/agenda.service';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { RateLimit } from '../rate-limit';
import type { Channels } from './channels';
import type { Stage, StageGrant } from './stage';
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
  readonly #roomListeners = new Set<(room: Room) => void>();
  #closed = false;

  constructor(
    private readonly deps: {
      /** Undefined when media is off or could not start; `unavailable` says why. */
      pool: MediaWorkers | undefined;
      unavailable: string | undefined;
      media: Config['media'];
      agenda: AgendaService;
      roles: RolesService;
      /** Language channels and who may publish into them. */
      channels: Channels;
      /** Who holds the floor (citizens given a turn to speak). */
      stage: Stage;
      /** Counts joins and transport set-ups per person (each costs the worker real work). */
      setupLimit: RateLimit;
      log: Logger;
    },
  ) {}

  get pool(): MediaWorkers | undefined {
    return this.deps.pool;
  }

  get channels(): Channels {
    return this.deps.channels;
  }

  get stage(): Stage {
    return this.deps.stage;
  }

  /** Number of sessions with media routers in this process. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Enters a session's media room (see `stream:join`). */
  async join(ctx: StreamCtx, { sessionId }: JoinInput): Promise<JoinResult> {
    const session = await this.#watchable(sessionId);
    await this.deps.setupLimit.consume(ctx.actor.id);
    const scope = { forumId: session.forumId, sessionId };
    const speaker = await this.deps.roles.has(ctx.actor, 'speaker', scope);
    const staff = await this.deps.roles.has(ctx.actor, 'moderator', scope);
    if (session.state === 'scheduled' && !speaker && !staff) {
      throw new AppError('invalid_state', 'the broadcast has not started yet');
    }
    const mine = this.#joined.get(ctx.peerId) ?? new Map<string, Peer>();
    if (!mine.has(sessionId) && mine.size >= LIMITS.roomsPerSocket) throw new AppError('invalid_state', 'this connection watches too many sessions');
    const room = await this.#room(sessionId);
    const seats = this.deps.media.maxWebrtcViewers;
    // Staff always get in; viewers beyond the session's WebRTC seats are sent to the HLS feed.
    if (seats > 0 && !speaker && !staff && !room.peer(ctx.peerId) && room.peers.length >= seats) {
      throw new AppError('invalid_state', 'the live video seats of this session are full; watch the standard stream', { reason: WEBRTC_FULL });
    }
    const peer = new Peer({ id: ctx.peerId, sessionId, actor: ctx.actor, staff, notify: ctx.notify, log: this.deps.log.child({ sessionId, peerId: ctx.peerId }) });
    room.addPeer(peer);
    this.#track(peer, room);
    return {
      routerRtpCapabilities: room.rtpCapabilities,
      // Language channels are offered separately (interp:channels), not as a speaker's track;
      // the green room's tracks only to staff.
      producers: room.producers.filter((p) => !p.producer.closed && !p.info.channel && (staff || !p.info.floor?.backstage)).map((p) => p.info),
      canProduce: session.state === 'live' && (speaker || (await this.deps.stage.grant(sessionId, ctx.actor.id)) !== undefined),
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
      await this.#requireSender(ctx.actor, sessionId);
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

  /** Publishes a track: speakers of a live session only; interpreters into their language channel; citizens with the floor. */
  async produce(ctx: StreamCtx, input: ProduceInput): Promise<{ producerId: string }> {
    const { room, peer } = this.#peer(ctx, input.sessionId);
    if (input.channel) return this.#interpret(ctx, room, peer, input, input.channel);
    const floor = await this.#requireSpeakerOrFloor(ctx.actor, input);
    const producer = await mediaCall(() => peer.produce(input.transportId, input.kind, input.source, input.rtpParameters));
    const info: ProducerInfo = {
      id: producer.id,
      kind: producer.kind,
      source: input.source,
      speaker: { id: ctx.actor.id, displayName: ctx.actor.displayName },
      paused: false,
      ...(floor ? { floor: { requestId: floor.requestId, backstage: !floor.onAir } } : {}),
    };
    if (floor?.muted) {
      await mediaCall(() => producer.pause());
      info.paused = true;
    }
    // addProducer closes the producer itself if piping fails.
    await mediaCall(() => room.addProducer(producer, info));
    if (floor && (await this.deps.stage.grant(input.sessionId, ctx.actor.id))?.requestId !== floor.requestId) {
      // The turn ended while the track was being made: it never reaches anyone.
      producer.close();
      throw new AppError('forbidden', 'your turn to speak has ended');
    }
    room.broadcast('stream:producerAdded', { sessionId: input.sessionId, producer: info }, peer, info.floor?.backstage ? (p) => p.staff : undefined);
    this.deps.log.info({ sessionId: input.sessionId, producerId: producer.id, source: input.source, actorId: ctx.actor.id }, 'speaker publishing');
    return { producerId: producer.id };
  }

  /**
   * The caller's room and peer in a session they joined (`invalid_state` otherwise), for
   * domains that act on a connection's media, e.g. an interpreter going on air.
   */
  inRoom(peerId: string, sessionId: string): { room: Room; peer: Peer } {
    return this.#peer({ peerId }, sessionId);
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
    // A green room's track is, to anyone but staff, a stream that does not exist.
    if (!of || of.producer.closed || (of.info.floor?.backstage && !peer.staff)) throw new AppError('not_found', 'no such stream in this session');
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

  /** The session's room if it is open in this process. */
  room(sessionId: string): Room | undefined {
    const r = this.#settled.get(sessionId);
    return r && !r.closed ? r : undefined;
  }

  /** Calls `fn` for every room that opens from now on (e.g. again after its worker died). */
  onRoomOpened(fn: (room: Room) => void): () => void {
    this.#roomListeners.add(fn);
    return () => this.#roomListeners.delete(fn);
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

  async #watchable(sessionId: string): Promise<SessionView> {
    this.#available();
    const session = await this.deps.agenda.session(sessionId);
    if (session.state === 'ended' || session.state === 'cancelled' || this.#over.has(sessionId)) {
      throw new AppError('invalid_state', `the session is ${session.state === 'cancelled' ? 'cancelled' : 'over'}`);
    }
    return session;
  }

  /** An interpreter's microphone goes into their language's channel, never to listeners directly. */
  async #interpret(ctx: StreamCtx, room: Room, peer: Peer, input: ProduceInput, lang: Lang): Promise<{ producerId: string }> {
    const session = await this.deps.agenda.session(input.sessionId);
    await this.deps.channels.require(ctx.actor, { forumId: session.forumId, sessionId: input.sessionId }, lang);
    if (session.state !== 'live' || this.#over.has(input.sessionId)) throw new AppError('invalid_state', 'you can interpret while the session is live');
    const producer = await mediaCall(() => peer.produce(input.transportId, input.kind, input.source, input.rtpParameters));
    try {
      await mediaCall(() => this.deps.channels.adopt(room, peer, producer, lang));
    } catch (e) {
      producer.close();
      throw e;
    }
    this.deps.log.info({ sessionId: input.sessionId, producerId: producer.id, lang, actorId: ctx.actor.id }, 'interpreter publishing');
    return { producerId: producer.id };
  }

  /** A send transport is for speakers and interpreters of a live session, and citizens with a floor grant. */
  async #requireSender(actor: Actor, sessionId: string): Promise<void> {
    const session = await this.deps.agenda.session(sessionId);
    const scope = { forumId: session.forumId, sessionId };
    if (
      !(await this.deps.roles.has(actor, 'speaker', scope)) &&
      !(await this.deps.channels.isInterpreter(actor, scope)) &&
      !(await this.deps.stage.grant(sessionId, actor.id))
    ) {
      throw new AppError('forbidden', 'this needs the speaker or interpreter role here, or the floor');
    }
    if (session.state !== 'live' || this.#over.has(sessionId)) throw new AppError('invalid_state', 'you can publish while the session is live');
  }

  /** Speakers publish anything; someone without the role needs a live floor grant, and only for a microphone and camera. */
  async #requireSpeakerOrFloor(actor: Actor, input: ProduceInput): Promise<StageGrant | undefined> {
    const session = await this.deps.agenda.session(input.sessionId);
    if (session.state !== 'live' || this.#over.has(input.sessionId)) throw new AppError('invalid_state', 'you can publish while the session is live');
    if (await this.deps.roles.has(actor, 'speaker', { forumId: session.forumId, sessionId: input.sessionId })) return undefined;
    const grant = await this.deps.stage.grant(input.sessionId, actor.id);
    if (!grant) throw new AppError('forbidden', 'this needs the speaker role here, or the floor');
    if (input.source !== 'mic' && input.source !== 'camera') throw new AppError('forbidden', 'with the floor you may publish a microphone and a camera');
    return grant;
  }

  /** The person's floor tracks in the session go from the green room on stage: everyone is told, the program takes them. */
  floorOnAir(sessionId: string, personId: string): void {
    const room = this.room(sessionId);
    for (const rp of room?.producers ?? []) {
      if (rp.info.speaker.id !== personId || !rp.info.floor?.backstage || rp.producer.closed) continue;
      room!.promote(rp);
      // Staff knew it backstage; they hear now that it is on stage.
      room!.broadcast('stream:producerAdded', { sessionId, producer: rp.info });
    }
  }

  /** Pauses or resumes the person's floor tracks in the session, for everyone. */
  floorMute(sessionId: string, personId: string, muted: boolean): void {
    const room = this.room(sessionId);
    for (const rp of room?.producers ?? []) {
      if (rp.info.speaker.id !== personId || !rp.info.floor || rp.producer.closed) continue;
      void (muted ? rp.producer.pause() : rp.producer.resume())
        .then(() => {
          rp.info.paused = muted;
          room!.broadcast('stream:producerPaused', { sessionId, producerId: rp.producer.id, paused: muted });
        })
        .catch((err: unknown) => this.deps.log.warn({ err, sessionId }, 'a floor track could not be muted'));
    }
  }

  /** The person's floor grant in the session is gone: their floor tracks close now (in this process). */
  floorRevoke(sessionId: string, personId: string): void {
    const room = this.room(sessionId);
    let closed = 0;
    for (const rp of room?.producers ?? []) {
      if (rp.info.speaker.id !== personId || !rp.info.floor) continue;
      rp.producer.close();
      closed++;
    }
    if (closed) this.deps.log.info({ sessionId, personId, closed }, 'floor tracks closed: the turn is over');
  }

  #peer(ctx: Pick<StreamCtx, 'peerId'>, sessionId: string): { room: Room; peer: Peer } {
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
          for (const fn of this.#roomListeners) fn(room);
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
    if (!paused && room.producer(producer.id)?.info.floor) {
      // A citizen may mute themself, but only their turn's live grant lets them be heard again.
      const grant = await this.deps.stage.grant(input.sessionId, ctx.actor.id);
      if (!grant) throw new AppError('forbidden', 'your turn to speak has ended');
      if (grant.muted) throw new AppError('forbidden', 'the moderator has muted you');
    }
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
