import type { types } from 'mediasoup';

/**
 * Codecs every session router offers. Opus for speech; VP8 first because every browser
 * decodes it and its simulcast is the best tested; H264 (constrained baseline and main) for
 * phones that only encode it in hardware.
 */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '4d0032', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 1000 },
  },
];

/** What a viewer's link starts from before congestion control has measured it. */
export const INITIAL_OUTGOING_BITRATE = 1_000_000;

/** A speaker sends camera (three layers, ≤ 1.85 Mbit/s), screen (≤ 1.5 Mbit/s) and audio. */
export const MAX_INCOMING_BITRATE = 4_000_000;

/**
 * Bitrates assumed for the three simulcast layers when the producer did not state them
 * (they match what the browser media module asks for: 180p, 360p, 720p).
 */
export const DEFAULT_LAYER_BITRATES = [150_000, 500_000, 1_200_000] as const;

/** Bitrate kept aside for each audio consumer when sharing the viewer's link among videos. */
export const AUDIO_BITRATE = 64_000;

/**
 * Bandwidth consumers get first: the screen (slides, documents) matters more than the face;
 * mediasoup gives spare bitrate to higher priorities first.
 */
export const CONSUMER_PRIORITY = { screen: 2, camera: 1 } as const;

/**
 * Socket buffers of the media sockets. Every packet a speaker sends becomes one send per viewer
 * in a burst, and all WebRTC viewers of a worker share its WebRtcServer socket: the kernel's
 * default (~200 KB) overflows at a few hundred viewers. The kernel caps this at
 * net.core.{r,w}mem_max (raise those on media hosts).
 */
export const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

/** Limits per connection, so a misbehaving client cannot exhaust a worker. */
export const LIMITS = {
  producersPerPeer: 6,
  consumersPerPeer: 64,
  roomsPerSocket: 4,
  /** Joins plus transports one person may set up per minute (a reconnecting page needs three). */
  setupsPerMinute: 60,
} as const;
