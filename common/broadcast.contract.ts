/**
 * Contract of the broadcast: the live HLS feed of a session, its recording (replay, MP4,
 * poster, chapters), organizers' controls, and the finalization job the workers run.
 * Media files are served under `/media/sessions/:sessionId/…` (see {@link mediaUrl}).
 */
import { z } from 'zod/mini';
import { Id } from './base';
import { SessionPath, ForumPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

export const RECORDING_STATES = ['scheduled', 'live', 'processing', 'ready', 'failed', 'off', 'deleted'] as const;
export const RecordingState = z.enum(RECORDING_STATES);
export type RecordingState = z.infer<typeof RecordingState>;

export const CHAPTER_KINDS = ['start', 'spotlight', 'answered', 'end'] as const;

/** One chapter of a recording: seconds from the start of the (trimmed) video. */
export const Chapter = z.object({
  startS: z.number().check(z.gte(0)),
  kind: z.enum(CHAPTER_KINDS),
  title: z.string(),
  questionId: z.nullable(Id),
});
export type Chapter = z.infer<typeof Chapter>;

/** Public URLs of a session's media. */
export const mediaUrl = (sessionId: string, file: string) => `/media/sessions/${sessionId}/${file}`;

export const RecordingView = z.object({
  sessionId: Id,
  forumId: Id,
  state: RecordingState,
  enabled: z.boolean(),
  published: z.boolean(),
  trimStartS: z.nullable(z.number()),
  trimEndS: z.nullable(z.number()),
  startedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  durationS: z.nullable(z.number()),
  mp4Bytes: z.nullable(z.number()),
  chapters: z.array(Chapter),
  error: z.nullable(z.string()),
  /** Set when there is something to play: the HLS multivariant playlist, the MP4, the poster, the chapters. */
  urls: z.nullable(z.object({ hls: z.string(), mp4: z.string(), poster: z.string(), chapters: z.string() })),
});
export type RecordingView = z.infer<typeof RecordingView>;

export const RecordingPatch = z.partial(z.strictObject({
    /** Before the session starts only. */
    enabled: z.boolean(),
    published: z.boolean(),
    /** Seconds cut from the start and the end (null: none); a finished recording is finalized again. */
    trimStartS: z.nullable(z.number().check(z.gte(0), z.lte(24 * 3600))),
    trimEndS: z.nullable(z.number().check(z.gte(0), z.lte(24 * 3600))),
  })).check(z.refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' }));
export type RecordingPatch = z.infer<typeof RecordingPatch>;

export const ForumBroadcastSettings = z.object({
  /** Recordings become public when their session ends (organizers may still unpublish one). */
  publishAtEnd: z.boolean(),
});
export type ForumBroadcastSettings = z.infer<typeof ForumBroadcastSettings>;

/** What the live session page needs to play the HLS feed. */
export const LiveFeedView = z.object({
  sessionId: Id,
  /** The multivariant playlist while the program is running, else null. */
  hls: z.nullable(z.string()),
  /** The feed is delayed by about this much behind WebRTC (segment length and player buffer). */
  segmentSeconds: z.number(),
});
export type LiveFeedView = z.infer<typeof LiveFeedView>;

/** A watchable recording as the forum home lists it. */
export const ReplayListItem = z.object({ sessionId: Id, durationS: z.nullable(z.number()), poster: z.string() });
export type ReplayListItem = z.infer<typeof ReplayListItem>;

/** The organizers' view of a forum's broadcasts: whether recording works at all right now. */
export const BroadcastStatusView = z.object({
  /** The media disk is (nearly) full: recordings stopped; WebRTC goes on. */
  diskFull: z.boolean(),
  freeBytes: z.number(),
  minFreeBytes: z.number(),
  recordings: z.array(RecordingView),
});
export type BroadcastStatusView = z.infer<typeof BroadcastStatusView>;

// ---- the finalization job (BullMQ, run by workers/recordings) ----

export const RECORDING_QUEUE = 'recording-finalize';

export const FinalizeJobData = z.strictObject({
  sessionId: Id,
  forumId: Id,
  /** The recordings row's finalize_revision this job fulfils. */
  revision: z.int().check(z.gte(1)),
  /** Wall-clock cut points (ms since epoch), from the organizer's trim. */
  trimStartS: z.nullable(z.number().check(z.gte(0))),
  trimEndS: z.nullable(z.number().check(z.gte(0))),
  /** Chapter marks in wall-clock time; the worker places them on the video's timeline. */
  marks: z.array(z.object({ atMs: z.number(), kind: z.enum(CHAPTER_KINDS), title: z.string().check(z.maxLength(300)), questionId: z.nullable(Id) })).check(z.maxLength(5000)),
  variant: z.object({ width: z.int(), height: z.int(), videoKbps: z.int(), audioKbps: z.int(), floorName: z.string() }),
  segmentSeconds: z.number(),
});
export type FinalizeJobData = z.infer<typeof FinalizeJobData>;

export const finalizeJobId = (d: Pick<FinalizeJobData, 'sessionId' | 'revision'>) => `recording-${d.sessionId}-r${d.revision}`;

export const FinalizeResult = z.object({
  durationS: z.number(),
  segments: z.int(),
  mp4Bytes: z.int(),
  chapters: z.array(Chapter),
});
export type FinalizeResult = z.infer<typeof FinalizeResult>;


/** The broadcast's and recordings' HTTP routes (see common/http-route.ts). */
export const BROADCAST_ROUTES = {
  liveFeed: { method: 'get', path: '/sessions/:sessionId/live-feed', params: SessionPath, response: LiveFeedView },
  recording: { method: 'get', path: '/sessions/:sessionId/recording', params: SessionPath, response: RecordingView },
  patchRecording: { method: 'patch', path: '/sessions/:sessionId/recording', params: SessionPath, body: RecordingPatch, response: RecordingView },
  deleteRecording: { method: 'delete', path: '/sessions/:sessionId/recording', params: SessionPath },
  replays: { method: 'get', path: '/forums/:forumId/replays', params: ForumPath, response: z.array(ReplayListItem) },
  settings: { method: 'get', path: '/forums/:forumId/broadcast-settings', params: ForumPath, response: ForumBroadcastSettings },
  setSettings: { method: 'put', path: '/forums/:forumId/broadcast-settings', params: ForumPath, body: ForumBroadcastSettings, response: ForumBroadcastSettings },
  status: { method: 'get', path: '/forums/:forumId/broadcast', params: ForumPath, response: BroadcastStatusView },
} as const satisfies Record<string, HttpRoute>;
