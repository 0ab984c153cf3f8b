/**
 * Contract for live video signaling (mediasoup on the server, mediasoup-client in the browser).
 *
 * A typical flow, all acknowledged with `Ack<T>`:
 * 1. `stream:join` {sessionId} → the router's RTP capabilities (load them into a mediasoup-client
 *    `Device`), the producers already live, and whether the caller may publish.
 * 2. `stream:createTransport` {direction: 'send' | 'recv'} → transport options for
 *    `device.createSendTransport()` / `createRecvTransport()`. The transport's `connect` event
 *    answers with `stream:connectTransport`; its `produce` event with `stream:produce`.
 * 3. Viewers call `stream:consume` for every producer (from the join answer and from
 *    `stream:producerAdded`); consumers start paused, so after `recvTransport.consume()` the
 *    client sends `stream:resumeConsumer` and the first frame it decodes is a keyframe.
 * 4. On `stream:reconnect` (the server lost the media process serving this session) the client
 *    throws away its transports and starts again at step 1; the session keeps going.
 *
 * Structural checks happen here with zod; mediasoup itself checks that the codecs and
 * parameters make sense, and its refusals come back as `invalid_input`.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { Id, Lang } from './base';

/* ---------------------------------------------------------------- shared pieces */

const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/**
 * What a producer carries, so viewers can lay out camera and screen differently.
 * `interpretation` is an interpreter's microphone feeding a language channel
 * (see common/interpretation.contract.ts): listeners never receive it directly.
 */
export const MediaSource = z.enum(['camera', 'mic', 'screen', 'interpretation']);
export type MediaSource = z.infer<typeof MediaSource>;

const Token = z.string().check(z.minLength(1), z.maxLength(128));
const ParamValue = z.union([z.string().check(z.maxLength(256)), z.number()]);
const CodecParams = z.record(z.string().check(z.maxLength(64)), ParamValue).check(z.refine((r) => Object.keys(r).length <= 32, { message: 'too many parameters' }));
const RtcpFeedback = z.object({ type: z.string().check(z.minLength(1), z.maxLength(32)), parameter: z.optional(z.string().check(z.maxLength(32))) });

/**
 * Header extensions both mediasoup and mediasoup-client know; browsers only offer the ones the
 * router advertised. The router also advertises a few that mediasoup-client does not type (e.g.
 * `toffset`, made redundant by abs-send-time and transport-cc): lists drop any other URI rather
 * than refusing the whole message, so a newer peer on either side still connects.
 */
export const HEADER_EXTENSION_URIS = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'urn:3gpp:video-orientation',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
] as const;
const HeaderExtensionUri = z.enum(HEADER_EXTENSION_URIS);
const KNOWN_URIS: ReadonlySet<unknown> = new Set(HEADER_EXTENSION_URIS);
const knownExtensions = <T extends z.core.$ZodType>(item: T, max: number) =>
  z.pipe(z.transform((v) => (Array.isArray(v) ? v.filter((x: unknown) => typeof x !== 'object' || x === null || KNOWN_URIS.has((x as { uri?: unknown }).uri)) : v)), z.array(item).check(z.maxLength(max)));

const PayloadType = z.int().check(z.gte(0), z.lte(127));
const Ssrc = z.int().check(z.gte(0), z.lte(0xffffffff));

/** RTP parameters a producer sends with (mediasoup-client's `produce` event gives them). */
export const RtpParameters = z.object({
  mid: z.optional(z.string().check(z.maxLength(32))),
  codecs: z.array(
      z.object({
        mimeType: z.string().check(z.regex(/^(audio|video)\/[\w.-]{1,32}$/i, 'like audio/opus or video/VP8')),
        payloadType: PayloadType,
        clockRate: z.int().check(z.positive(), z.lte(1_000_000)),
        channels: z.optional(z.int().check(z.gte(1), z.lte(8))),
        parameters: z.optional(CodecParams),
        rtcpFeedback: z.optional(z.array(RtcpFeedback).check(z.maxLength(16))),
      }),
    ).check(z.minLength(1), z.maxLength(16)),
  headerExtensions: z.optional(knownExtensions(
    z.object({ uri: HeaderExtensionUri, id: z.int().check(z.gte(1), z.lte(255)), encrypt: z.optional(z.boolean()), parameters: z.optional(CodecParams) }),
    16,
  )),
  encodings: z.optional(z.array(
      z.object({
        ssrc: z.optional(Ssrc),
        rid: z.optional(z.string().check(z.minLength(1), z.maxLength(16))),
        codecPayloadType: z.optional(PayloadType),
        rtx: z.optional(z.object({ ssrc: Ssrc })),
        dtx: z.optional(z.boolean()),
        scalabilityMode: z.optional(z.string().check(z.maxLength(16))),
        maxBitrate: z.optional(z.int().check(z.positive(), z.lte(50_000_000))),
      }),
    ).check(z.maxLength(4))),
  rtcp: z.optional(z.object({ cname: z.optional(z.string().check(z.maxLength(256))), reducedSize: z.optional(z.boolean()) })),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

/** What a receiving device can decode (`device.recvRtpCapabilities`). */
export const RtpCapabilities = z.object({
  codecs: z.optional(z.array(
      z.object({
        kind: MediaKind,
        mimeType: z.string().check(z.regex(/^(audio|video)\/[\w.-]{1,32}$/i)),
        preferredPayloadType: PayloadType,
        clockRate: z.int().check(z.positive(), z.lte(1_000_000)),
        channels: z.optional(z.int().check(z.gte(1), z.lte(8))),
        parameters: z.optional(CodecParams),
        rtcpFeedback: z.optional(z.array(RtcpFeedback).check(z.maxLength(16))),
      }),
    ).check(z.maxLength(64))),
  headerExtensions: z.optional(knownExtensions(
    z.object({
      kind: MediaKind,
      uri: HeaderExtensionUri,
      preferredId: z.int().check(z.gte(1), z.lte(255)),
      preferredEncrypt: z.optional(z.boolean()),
      direction: z.optional(z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive'])),
    }),
    32,
  )),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const DtlsParameters = z.object({
  role: z.optional(z.enum(['auto', 'client', 'server'])),
  fingerprints: z.array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().check(z.regex(/^[0-9A-Fa-f:]{20,200}$/, 'hex bytes separated by colons')),
      }),
    ).check(z.minLength(1), z.maxLength(8)),
});
export type DtlsParameters = z.infer<typeof DtlsParameters>;

export const IceParameters = z.object({ usernameFragment: z.string().check(z.minLength(1), z.maxLength(256)), password: z.string().check(z.minLength(1), z.maxLength(256)), iceLite: z.optional(z.boolean()) });
export type IceParameters = z.infer<typeof IceParameters>;

export const IceCandidate = z.object({
  foundation: z.string().check(z.maxLength(64)),
  priority: z.int().check(z.nonnegative()),
  ip: z.string().check(z.maxLength(64)),
  address: z.string().check(z.maxLength(256)),
  protocol: z.enum(['udp', 'tcp']),
  port: z.int().check(z.gte(1), z.lte(65535)),
  type: z.literal('host'),
  tcpType: z.optional(z.literal('passive')),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

/** The server's side of a transport, as the browser checks it before handing it to mediasoup-client. */
export const TransportParams = z.object({
  id: Token,
  iceParameters: IceParameters,
  iceCandidates: z.array(IceCandidate).check(z.maxLength(16)),
  dtlsParameters: DtlsParameters,
});
export type TransportParams = z.infer<typeof TransportParams>;

/**
 * The simulcast layer a viewer wants: `auto` lets the server pick by measured bandwidth;
 * `low`/`medium`/`high` cap it (the server still goes lower when the link cannot carry it).
 */
export const PreferredLayer = z.enum(['auto', 'low', 'medium', 'high']);
export type PreferredLayer = z.infer<typeof PreferredLayer>;

/**
 * `details.reason` of the `invalid_state` refusal of `stream:join` when the session's WebRTC
 * seats (MEDIA_MAX_WEBRTC_VIEWERS) are taken: the page plays the HLS feed instead.
 */
export const WEBRTC_FULL = 'webrtc_full';

/* ---------------------------------------------------------------- requests */

const InSession = { sessionId: Id };

export const JoinInput = z.strictObject(InSession);
export type JoinInput = z.infer<typeof JoinInput>;

export const LeaveInput = z.strictObject(InSession);
export type LeaveInput = z.infer<typeof LeaveInput>;

export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

export const CreateTransportInput = z.strictObject({ ...InSession, direction: TransportDirection });
export type CreateTransportInput = z.infer<typeof CreateTransportInput>;

export const ConnectTransportInput = z.strictObject({ ...InSession, transportId: Token, dtlsParameters: DtlsParameters });
export type ConnectTransportInput = z.infer<typeof ConnectTransportInput>;

export const RestartIceInput = z.strictObject({ ...InSession, transportId: Token });
export type RestartIceInput = z.infer<typeof RestartIceInput>;

export const ProduceInput = z.strictObject({
  ...InSession,
  transportId: Token,
  kind: MediaKind,
  source: MediaSource,
  /** With source `interpretation`: the language channel this microphone feeds. */
  channel: z.optional(Lang),
  rtpParameters: RtpParameters,
}).check(z.refine((i) => (i.source === 'interpretation') === (i.channel !== undefined), {
    message: 'an interpretation track names its language channel; other tracks name none',
    path: ['channel'],
  }));
export type ProduceInput = z.infer<typeof ProduceInput>;

export const ProducerInput = z.strictObject({ ...InSession, producerId: Token });
export type ProducerInput = z.infer<typeof ProducerInput>;

export const ConsumeInput = z.strictObject({
  ...InSession,
  transportId: Token,
  producerId: Token,
  rtpCapabilities: RtpCapabilities,
  preferredLayer: z.optional(PreferredLayer),
});
export type ConsumeInput = z.infer<typeof ConsumeInput>;

export const ConsumerInput = z.strictObject({ ...InSession, consumerId: Token });
export type ConsumerInput = z.infer<typeof ConsumerInput>;

export const SetLayerInput = z.strictObject({ ...InSession, consumerId: Token, preferredLayer: PreferredLayer });
export type SetLayerInput = z.infer<typeof SetLayerInput>;

/* ---------------------------------------------------------------- answers and pushes */

/** A live producer as viewers see it. */
export const ProducerInfo = z.object({
  id: Token,
  kind: MediaKind,
  source: MediaSource,
  /** Who publishes: a speaker's account, or a citizen who was given the floor (see `floor`). */
  speaker: z.object({ id: Id, displayName: z.nullable(z.string()) }),
  /** True while the speaker has muted it. */
  paused: z.boolean(),
  /** Set on a language channel's producer (not listed with the speakers' tracks; see `interp:channels`). */
  channel: z.optional(Lang),
  /**
   * Set on the tracks of a citizen given the floor (common/floor.contract.ts): the turn's
   * request, and `backstage` while they are in the green room, when only moderators and
   * organizers are told of the track and may consume it.
   */
  floor: z.optional(z.object({ requestId: Id, backstage: z.boolean() })),
});
export type ProducerInfo = z.infer<typeof ProducerInfo>;

/** mediasoup's own structures, passed through as the server's mediasoup made them. */
const Mediasoup = (what: string) => z.unknown().check(z.describe(`mediasoup ${what} (see mediasoup-client's documentation)`));

export const JoinResult = z.object({
  /** Pass to `device.load({ routerRtpCapabilities })` after parsing it with {@link RtpCapabilities}. */
  routerRtpCapabilities: Mediasoup('RtpCapabilities of the router'),
  producers: z.array(ProducerInfo),
  /** True for a speaker of a live session, or a citizen invited to take the floor in it. */
  canProduce: z.boolean(),
});
export type JoinResult = z.infer<typeof JoinResult>;

/** Parse with {@link TransportParams}, then pass to `device.createSendTransport()` / `createRecvTransport()`. */
export const TransportOptions = z.object({
  id: Token,
  direction: TransportDirection,
  iceParameters: Mediasoup('IceParameters'),
  iceCandidates: z.array(Mediasoup('IceCandidate')),
  dtlsParameters: Mediasoup('DtlsParameters'),
});
export type TransportOptions = z.infer<typeof TransportOptions>;

/** Pass id, producerId, kind and rtpParameters (parsed with {@link RtpParameters}) to `recvTransport.consume()`. */
export const ConsumerOptions = z.object({
  id: Token,
  producerId: Token,
  kind: MediaKind,
  source: MediaSource,
  rtpParameters: Mediasoup('RtpParameters'),
  /** `simulcast` consumers honour `stream:setLayer`. */
  type: z.enum(['simple', 'simulcast', 'svc', 'pipe']),
  /** The speaker has muted this producer; frames resume by themselves when they unmute. */
  producerPaused: z.boolean(),
});
export type ConsumerOptions = z.infer<typeof ConsumerOptions>;

/** The ack of requests that answer nothing but success. */
export const Done = z.object({});
/** Ack of `stream:restartIce`: parse `iceParameters` with {@link IceParameters}. */
export const IceRestarted = z.object({ iceParameters: Mediasoup('IceParameters') });
export const Produced = z.object({ producerId: Token });

const InSessionPush = { sessionId: Id };
export const ProducerAdded = z.object({ ...InSessionPush, producer: ProducerInfo });
export const ProducerClosed = z.object({ ...InSessionPush, producerId: Token });
export const ProducerPaused = z.object({ ...InSessionPush, producerId: Token, paused: z.boolean() });
export const ConsumerClosed = z.object({ ...InSessionPush, consumerId: Token, producerId: Token });
export const LayersChanged = z.object({ ...InSessionPush, consumerId: Token, spatialLayer: z.nullable(z.int()), temporalLayer: z.nullable(z.int()) });
export const StreamReconnect = z.object({ ...InSessionPush, reason: z.literal('worker_died') });
export const StreamClosed = z.object({ ...InSessionPush, reason: z.enum(['session_ended', 'session_cancelled']) });

export const STREAM_CLIENT_EVENTS = {
  'stream:join': {
    doc: 'Enter the session\'s media room; needs a live session (speakers, moderators and organizers may also rehearse while it is scheduled). Joining again starts over: the connection\'s previous transports, producers and consumers in this session are closed.',
    input: JoinInput,
    ack: JoinResult,
  },
  'stream:leave': { doc: 'Leave the room; closes this connection\'s transports, producers and consumers.', input: LeaveInput, ack: Done },
  'stream:createTransport': {
    doc: 'A WebRTC transport; `send` needs the speaker or interpreter role in a live session, or a live floor grant (invited or on air). One of each direction per join (`conflict` otherwise).',
    input: CreateTransportInput,
    ack: TransportOptions,
  },
  'stream:connectTransport': { doc: 'Answers the mediasoup-client transport\'s `connect` event.', input: ConnectTransportInput, ack: Done },
  'stream:restartIce': { doc: 'After an ICE failure: new ICE parameters for `transport.restartIce({ iceParameters })`.', input: RestartIceInput, ack: IceRestarted },
  'stream:produce': {
    doc: 'Answers the send transport\'s `produce` event; speakers of a live session only, or, with source `interpretation` and a `channel`, interpreters of the session into that language, or (`mic` and `camera`) a citizen holding a live floor grant: backstage while invited, on stage while on air. When the turn ends the server closes those tracks and refuses new ones.',
    input: ProduceInput,
    ack: Produced,
  },
  'stream:pauseProducer': { doc: 'Mute: viewers stop receiving this producer until it is resumed.', input: ProducerInput, ack: Done },
  'stream:resumeProducer': { doc: 'Unmute a paused producer.', input: ProducerInput, ack: Done },
  'stream:closeProducer': { doc: 'Stop publishing one track (camera, mic or screen).', input: ProducerInput, ack: Done },
  'stream:consume': { doc: 'A paused consumer of a producer on the caller\'s recv transport.', input: ConsumeInput, ack: ConsumerOptions },
  'stream:resumeConsumer': { doc: 'Start (or restart) the flow of a consumer once the client has attached it.', input: ConsumerInput, ack: Done },
  'stream:pauseConsumer': { doc: 'Stop the flow (e.g. audio-only mode pauses video consumers) without closing it.', input: ConsumerInput, ack: Done },
  'stream:closeConsumer': { doc: 'Close a consumer.', input: ConsumerInput, ack: Done },
  'stream:setLayer': { doc: 'Cap the simulcast layer of a video consumer (the server may still go lower for bandwidth).', input: SetLayerInput, ack: Done },
} satisfies ClientCatalog;
export type StreamClientEvents = ClientEventsOf<typeof STREAM_CLIENT_EVENTS>;

const MEDIA_ROOM = 'connections in the session\'s media room (`stream:join`)';
export const STREAM_SERVER_EVENTS = {
  'stream:producerAdded': { doc: 'A speaker started a track; consume it.', to: MEDIA_ROOM, payload: ProducerAdded },
  'stream:producerClosed': { doc: 'A speaker stopped a track; its consumers are closed too (`stream:consumerClosed` follows).', to: MEDIA_ROOM, payload: ProducerClosed },
  'stream:producerPaused': { doc: 'Muted or unmuted by the speaker.', to: MEDIA_ROOM, payload: ProducerPaused },
  'stream:consumerClosed': { doc: 'One of this connection\'s consumers was closed by the server.', to: 'the consumer\'s connection', payload: ConsumerClosed },
  'stream:layersChanged': { doc: 'The layer now forwarded to this viewer changed (null: nothing is being forwarded).', to: 'the consumer\'s connection', payload: LayersChanged },
  'stream:reconnect': {
    doc: 'The media process serving this session was replaced: drop transports, producers and consumers (keep local tracks) and start again with `stream:join`.',
    to: MEDIA_ROOM,
    payload: StreamReconnect,
  },
  'stream:closed': { doc: 'The session ended or was cancelled: the broadcast is over.', to: MEDIA_ROOM, payload: StreamClosed },
} satisfies ServerCatalog;
export type StreamServerEvents = ServerEventsOf<typeof STREAM_SERVER_EVENTS>;
