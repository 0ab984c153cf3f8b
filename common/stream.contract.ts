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
import { z } from 'zod';
import type { AckCallback } from './ack';
import { Id } from './base';

/* ---------------------------------------------------------------- shared pieces */

const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/** What a producer carries, so viewers can lay out camera and screen differently. */
export const MediaSource = z.enum(['camera', 'mic', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;

const Token = z.string().min(1).max(128);
const ParamValue = z.union([z.string().max(256), z.number()]);
const CodecParams = z.record(z.string().max(64), ParamValue).refine((r) => Object.keys(r).length <= 32, { message: 'too many parameters' });
const RtcpFeedback = z.object({ type: z.string().min(1).max(32), parameter: z.string().max(32).optional() });

/** Header extensions mediasoup knows; browsers only offer the ones the router advertised. */
export const HEADER_EXTENSION_URIS = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'urn:3gpp:video-orientation',
  'urn:ietf:params:rtp-hdrext:toffset',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
] as const;
const HeaderExtensionUri = z.enum(HEADER_EXTENSION_URIS);

const PayloadType = z.number().int().min(0).max(127);
const Ssrc = z.number().int().min(0).max(0xffffffff);

/** RTP parameters a producer sends with (mediasoup-client's `produce` event gives them). */
export const RtpParameters = z.object({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(
      z.object({
        mimeType: z.string().regex(/^(audio|video)\/[\w.-]{1,32}$/i, 'like audio/opus or video/VP8'),
        payloadType: PayloadType,
        clockRate: z.number().int().positive().max(1_000_000),
        channels: z.number().int().min(1).max(8).optional(),
        parameters: CodecParams.optional(),
        rtcpFeedback: z.array(RtcpFeedback).max(16).optional(),
      }),
    )
    .min(1)
    .max(16),
  headerExtensions: z
    .array(z.object({ uri: HeaderExtensionUri, id: z.number().int().min(1).max(255), encrypt: z.boolean().optional(), parameters: CodecParams.optional() }))
    .max(16)
    .optional(),
  encodings: z
    .array(
      z.object({
        ssrc: Ssrc.optional(),
        rid: z.string().min(1).max(16).optional(),
        codecPayloadType: PayloadType.optional(),
        rtx: z.object({ ssrc: Ssrc }).optional(),
        dtx: z.boolean().optional(),
        scalabilityMode: z.string().max(16).optional(),
        maxBitrate: z.number().int().positive().max(50_000_000).optional(),
      }),
    )
    .max(4)
    .optional(),
  rtcp: z.object({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional() }).optional(),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

/** What a receiving device can decode (`device.recvRtpCapabilities`). */
export const RtpCapabilities = z.object({
  codecs: z
    .array(
      z.object({
        kind: MediaKind,
        mimeType: z.string().regex(/^(audio|video)\/[\w.-]{1,32}$/i),
        preferredPayloadType: PayloadType,
        clockRate: z.number().int().positive().max(1_000_000),
        channels: z.number().int().min(1).max(8).optional(),
        parameters: CodecParams.optional(),
        rtcpFeedback: z.array(RtcpFeedback).max(16).optional(),
      }),
    )
    .max(64)
    .optional(),
  headerExtensions: z
    .array(
      z.object({
        kind: MediaKind,
        uri: HeaderExtensionUri,
        preferredId: z.number().int().min(1).max(255),
        preferredEncrypt: z.boolean().optional(),
        direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
      }),
    )
    .max(32)
    .optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const DtlsParameters = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().regex(/^[0-9A-Fa-f:]{20,200}$/, 'hex bytes separated by colons'),
      }),
    )
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof DtlsParameters>;

export const IceParameters = z.object({ usernameFragment: z.string().min(1).max(256), password: z.string().min(1).max(256), iceLite: z.boolean().optional() });
export type IceParameters = z.infer<typeof IceParameters>;

export const IceCandidate = z.object({
  foundation: z.string().max(64),
  priority: z.number().int().nonnegative(),
  ip: z.string().max(64),
  address: z.string().max(256),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int().min(1).max(65535),
  type: z.literal('host'),
  tcpType: z.literal('passive').optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

/** The server's side of a transport, as the browser checks it before handing it to mediasoup-client. */
export const TransportParams = z.object({
  id: Token,
  iceParameters: IceParameters,
  iceCandidates: z.array(IceCandidate).max(16),
  dtlsParameters: DtlsParameters,
});
export type TransportParams = z.infer<typeof TransportParams>;

/**
 * The simulcast layer a viewer wants: `auto` lets the server pick by measured bandwidth;
 * `low`/`medium`/`high` cap it (the server still goes lower when the link cannot carry it).
 */
export const PreferredLayer = z.enum(['auto', 'low', 'medium', 'high']);
export type PreferredLayer = z.infer<typeof PreferredLayer>;

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
  rtpParameters: RtpParameters,
});
export type ProduceInput = z.infer<typeof ProduceInput>;

export const ProducerInput = z.strictObject({ ...InSession, producerId: Token });
export type ProducerInput = z.infer<typeof ProducerInput>;

export const ConsumeInput = z.strictObject({
  ...InSession,
  transportId: Token,
  producerId: Token,
  rtpCapabilities: RtpCapabilities,
  preferredLayer: PreferredLayer.optional(),
});
export type ConsumeInput = z.infer<typeof ConsumeInput>;

export const ConsumerInput = z.strictObject({ ...InSession, consumerId: Token });
export type ConsumerInput = z.infer<typeof ConsumerInput>;

export const SetLayerInput = z.strictObject({ ...InSession, consumerId: Token, preferredLayer: PreferredLayer });
export type SetLayerInput = z.infer<typeof SetLayerInput>;

/* ---------------------------------------------------------------- answers and pushes */

/** A live producer as viewers see it. */
export interface ProducerInfo {
  id: string;
  kind: MediaKind;
  source: MediaSource;
  /** The speaker's account id and name (never a citizen: only speakers publish). */
  speaker: { id: string; displayName: string | null };
  /** True while the speaker has muted it. */
  paused: boolean;
}

export interface JoinResult {
  /** Pass to `device.load({ routerRtpCapabilities })` after parsing it with {@link RtpCapabilities}. */
  routerRtpCapabilities: unknown;
  producers: ProducerInfo[];
  /** True for a speaker of a live session. */
  canProduce: boolean;
}

/** Parse with {@link TransportParams}, then pass to `device.createSendTransport()` / `createRecvTransport()`. */
export interface TransportOptions {
  id: string;
  direction: TransportDirection;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

/** Pass id, producerId, kind and rtpParameters (parsed with {@link RtpParameters}) to `recvTransport.consume()`. */
export interface ConsumerOptions {
  id: string;
  producerId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: unknown;
  /** `simulcast` consumers honour `stream:setLayer`. */
  type: 'simple' | 'simulcast' | 'svc' | 'pipe';
  /** The speaker has muted this producer; frames resume by themselves when they unmute. */
  producerPaused: boolean;
}

export interface StreamClientEvents {
  /**
   * Enter the session's media room; needs a live session (speakers, moderators and organizers
   * may also rehearse while it is scheduled). Joining again starts over: the connection's
   * previous transports, producers and consumers in this session are closed.
   */
  'stream:join': (input: JoinInput, ack: AckCallback<JoinResult>) => void;
  /** Leave the room; closes this connection's transports, producers and consumers. */
  'stream:leave': (input: LeaveInput, ack: AckCallback<Record<string, never>>) => void;
  /** A WebRTC transport; `send` needs the speaker role in a live session. One of each direction per join (`conflict` otherwise). */
  'stream:createTransport': (input: CreateTransportInput, ack: AckCallback<TransportOptions>) => void;
  /** Answers the mediasoup-client transport's `connect` event. */
  'stream:connectTransport': (input: ConnectTransportInput, ack: AckCallback<Record<string, never>>) => void;
  /** After an ICE failure: new ICE parameters for `transport.restartIce({ iceParameters })`. */
  'stream:restartIce': (input: RestartIceInput, ack: AckCallback<{ iceParameters: unknown }>) => void; // parse with IceParameters
  /** Answers the send transport's `produce` event; speakers of a live session only. */
  'stream:produce': (input: ProduceInput, ack: AckCallback<{ producerId: string }>) => void;
  /** Mute: viewers stop receiving this producer until it is resumed. */
  'stream:pauseProducer': (input: ProducerInput, ack: AckCallback<Record<string, never>>) => void;
  'stream:resumeProducer': (input: ProducerInput, ack: AckCallback<Record<string, never>>) => void;
  /** Stop publishing one track (camera, mic or screen). */
  'stream:closeProducer': (input: ProducerInput, ack: AckCallback<Record<string, never>>) => void;
  /** A paused consumer of a producer on the caller's recv transport. */
  'stream:consume': (input: ConsumeInput, ack: AckCallback<ConsumerOptions>) => void;
  /** Start (or restart) the flow of a consumer once the client has attached it. */
  'stream:resumeConsumer': (input: ConsumerInput, ack: AckCallback<Record<string, never>>) => void;
  /** Stop the flow (e.g. audio-only mode pauses video consumers) without closing it. */
  'stream:pauseConsumer': (input: ConsumerInput, ack: AckCallback<Record<string, never>>) => void;
  'stream:closeConsumer': (input: ConsumerInput, ack: AckCallback<Record<string, never>>) => void;
  /** Cap the simulcast layer of a video consumer (the server may still go lower for bandwidth). */
  'stream:setLayer': (input: SetLayerInput, ack: AckCallback<Record<string, never>>) => void;
}

export interface StreamServerEvents {
  /** A speaker started a track; consume it. */
  'stream:producerAdded': (e: { sessionId: string; producer: ProducerInfo }) => void;
  /** A speaker stopped a track; its consumers are closed too (`stream:consumerClosed` follows). */
  'stream:producerClosed': (e: { sessionId: string; producerId: string }) => void;
  /** Muted or unmuted by the speaker. */
  'stream:producerPaused': (e: { sessionId: string; producerId: string; paused: boolean }) => void;
  'stream:consumerClosed': (e: { sessionId: string; consumerId: string; producerId: string }) => void;
  /** The layer now forwarded to this viewer changed (null: nothing is being forwarded). */
  'stream:layersChanged': (e: { sessionId: string; consumerId: string; spatialLayer: number | null; temporalLayer: number | null }) => void;
  /**
   * The media process serving this session was replaced: drop transports, producers and
   * consumers (keep local tracks) and start again with `stream:join`.
   */
  'stream:reconnect': (e: { sessionId: string; reason: 'worker_died' }) => void;
  /** The session ended or was cancelled: the broadcast is over. */
  'stream:closed': (e: { sessionId: string; reason: 'session_ended' | 'session_cancelled' }) => void;
}
