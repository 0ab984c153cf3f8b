/**
 * What the server and its program mixer process say to each other over the IPC channel.
 * Both sides parse every message with these schemas.
 */
import { z } from 'zod';

/** A rendition name: `main` (video and the floor audio) or an extra audio language (e.g. `kk`). */
export const RenditionId = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/);

export const Codec = z.enum(['VP8', 'H264', 'OPUS']);
export type Codec = z.infer<typeof Codec>;

export const MixerSettings = z.strictObject({
  /** Where segments are written (absolute). */
  dir: z.string().min(1),
  width: z.number().int().min(64).max(3840),
  height: z.number().int().min(64).max(2160),
  fps: z.number().int().min(5).max(60),
  videoKbps: z.number().int().min(100).max(20_000),
  audioKbps: z.number().int().min(32).max(320),
  /** x264 speed preset: a faster preset costs less CPU for the same bitrate at lower quality. */
  preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']),
  segmentSeconds: z.number().min(1).max(10),
  /** Index of the first segment file (continues after a restart, so names are never reused). */
  startIndex: z.number().int().min(0),
  /** Jitter buffer per input; the mixers wait this long (plus decoding) for late inputs. */
  latencyMs: z.number().int().min(20).max(2000),
  slateText: z.string().max(500),
});
export type MixerSettings = z.infer<typeof MixerSettings>;

export const InputSpec = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(['audio', 'video']),
  codec: Codec,
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  /** Audio inputs: which rendition's mix they join. */
  rendition: RenditionId,
});
export type InputSpec = z.infer<typeof InputSpec>;

export const Box = z.strictObject({
  id: z.string(),
  x: z.number().int(),
  y: z.number().int(),
  w: z.number().int().min(0),
  h: z.number().int().min(0),
  z: z.number().int().min(1).max(100),
});
export type Box = z.infer<typeof Box>;

export const MixerCommand = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('start'), settings: MixerSettings }),
  z.strictObject({ op: z.literal('addInput'), input: InputSpec }),
  z.strictObject({ op: z.literal('removeInput'), id: z.string() }),
  /** The whole video layout at once; inputs not listed are hidden. `slate` shows the "resume shortly" card. */
  z.strictObject({ op: z.literal('layout'), slate: z.boolean(), boxes: z.array(Box).max(32) }),
  z.strictObject({ op: z.literal('addRendition'), rendition: RenditionId, startIndex: z.number().int().min(0) }),
  z.strictObject({ op: z.literal('stats') }),
  /** Close the current segments cleanly, then exit. */
  z.strictObject({ op: z.literal('stop') }),
]);
export type MixerCommand = z.infer<typeof MixerCommand>;

export const MixerEvent = z.discriminatedUnion('type', [
  /** Running and writing; `wallAtZeroMs` is the wall clock at running time 0 (segment dates derive from it). */
  z.strictObject({ type: z.literal('ready'), wallAtZeroMs: z.number() }),
  z.strictObject({ type: z.literal('inputReady'), id: z.string(), rtpPort: z.number().int(), rtcpPort: z.number().int() }),
  z.strictObject({ type: z.literal('inputFailed'), id: z.string(), error: z.string() }),
  /** A segment file is complete (closed): it may be listed in playlists. */
  z.strictObject({
    type: z.literal('segment'),
    rendition: RenditionId,
    file: z.string(),
    index: z.number().int(),
    durationS: z.number(),
    startedAtMs: z.number(),
    /** Running time of the first frame; MPEG-TS timestamps are this plus 3600 s (mpegtsmux). */
    runningS: z.number(),
  }),
  /** Frames decoded so far per video input (for stall detection). */
  z.strictObject({ type: z.literal('stats'), frames: z.record(z.string(), z.number()) }),
  z.strictObject({ type: z.literal('error'), message: z.string(), fatal: z.boolean(), diskFull: z.boolean() }),
  z.strictObject({ type: z.literal('stopped') }),
]);
export type MixerEvent = z.infer<typeof MixerEvent>;

/** `main-00042.ts` → { rendition: 'main', index: 42 } */
export const SEGMENT_FILE = /^(main|audio-[a-z][a-z0-9-]{0,15})-(\d{5,9})\.ts$/;

export function segmentFile(rendition: string, index: number): string {
  return `${rendition === 'main' ? 'main' : `audio-${rendition}`}-${String(index).padStart(5, '0')}.ts`;
}
