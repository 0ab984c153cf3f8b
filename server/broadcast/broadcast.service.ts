import type { LiveFeedView } from '../../common/broadcast.contract';
import { mediaUrl } from '../../common/broadcast.contract';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { SessionHls } from '../../platform/media/hls-files';
import type { MediaStorage } from '../../platform/media/storage';
import type { StreamingService } from '../streaming/streaming.service';
import type { LiveListing } from './media.routes';
import { Program } from './program';
import type { RecordingsService } from './recordings.service';

export interface BroadcastDeps {
  config: Config;
  streaming: StreamingService;
  recordings: RecordingsService;
  storage: MediaStorage;
  log: Logger;
}

/** Shown while nothing is on stage, in the forum's three languages. */
export const SLATE_TEXT = 'Трансляция жақын арада жалғасады\nТрансляция скоро возобновится\nThe broadcast will resume shortly';
const DISK_CHECK_MS = 5000;

/**
 * The program feeds of this process's live sessions: started when a session goes live (or
 * when a restarted server finds it live), stopped when it ends, and stopped for every
 * session while the media disk is full (WebRTC goes on without them).
 */
export class BroadcastService implements LiveListing {
  readonly #programs = new Map<string, Promise<Program | undefined>>();
  readonly #hls = new Map<string, SessionHls>();
  readonly #ending = new Map<string, Promise<void>>();
  readonly #offRoom: () => void;
  readonly #timer: NodeJS.Timeout;
  #diskFull = false;
  #freeBytes = 0;
  #closed = false;
  #restarts = 0;
  #inputFailures = 0;

  constructor(private readonly d: BroadcastDeps) {
    // A room reopened after its worker died (or after it idled out) feeds the running program again.
    this.#offRoom = d.streaming.onRoomOpened((room) => void this.#programs.get(room.sessionId)?.then((p) => p?.attach(room)));
    this.#timer = setInterval(() => void this.#checkDisk(), DISK_CHECK_MS);
    this.#timer.unref();
  }

  get available(): boolean {
    return this.d.config.broadcast.enabled && Boolean(this.d.streaming.pool);
  }

  get diskFull(): boolean {
    return this.#diskFull;
  }

  get minFreeBytes(): number {
    return this.d.config.broadcast.minFreeBytes;
  }

  get freeBytes(): number {
    return this.#freeBytes;
  }

  get programCount(): number {
    return this.#programs.size;
  }

  /** How far the furthest-behind program of this process is behind real time, in seconds (for /metrics). */
  async behindS(): Promise<number> {
    const programs = await Promise.all(this.#programs.values());
    return Math.max(0, ...programs.map((p) => p?.behindS ?? 0));
  }

  /** Mixer restarts in this process since start (for /metrics). */
  get mixerRestarts(): number {
    return this.#restarts;
  }

  /** Attempts at putting a speaker on a program that failed (for /metrics). */
  get inputFailures(): number {
    return this.#inputFailures;
  }

  /** The running program of a session, e.g. for adding language channels (issue 11). */
  program(sessionId: string): Promise<Program | undefined> {
    return this.#programs.get(sessionId) ?? Promise.resolve(undefined);
  }

  /**
   * The HLS files of a session whose program runs here: caption tracks and cues go in through
   * it (`addSubtitleTrack`, `addCue`; issue 11).
   */
  hls(sessionId: string): SessionHls | undefined {
    return this.#hls.get(sessionId);
  }

  get holdMs(): number {
    return 3 * this.d.config.broadcast.segmentSeconds * 1000;
  }

  listed(sessionId: string, rendition: string): number | undefined {
    return this.#hls.get(sessionId)?.listed(rendition);
  }

  isListed(sessionId: string, file: string): boolean | undefined {
    return this.#hls.get(sessionId)?.isListed(file);
  }

  whenListed(sessionId: string, rendition: string, count: number, ms: number): Promise<void> {
    return this.#hls.get(sessionId)?.whenListed(rendition, count, ms) ?? Promise.resolve();
  }

  /** Starts the session's program unless it runs here already; failures are logged (the session itself is live). */
  async start(sessionId: string): Promise<void> {
    if (!this.available || this.#closed || this.#diskFull || this.#programs.has(sessionId)) return;
    const pending = this.#start(sessionId).catch((err: unknown) => {
      this.d.log.error({ err, sessionId }, 'the program feed could not start');
      this.#programs.delete(sessionId);
      return undefined;
    });
    this.#programs.set(sessionId, pending);
    await pending;
  }

  async #start(sessionId: string): Promise<Program> {
    await this.#checkDisk();
    const b = this.d.config.broadcast;
    const hls = await SessionHls.open(this.d.storage, sessionId, { width: b.width, height: b.height, videoKbps: b.videoKbps, audioKbps: b.audioKbps, floorName: 'Original' }, b.segmentSeconds);
    this.#hls.set(sessionId, hls);
    const room = await this.d.streaming.openRoom(sessionId);
    const media = this.d.config.media;
    const program = await Program.start({
      sessionId,
      dir: await this.d.storage.dir(sessionId),
      hls,
      settings: { width: b.width, height: b.height, fps: b.fps, videoKbps: b.videoKbps, audioKbps: b.audioKbps, preset: b.preset, segmentSeconds: b.segmentSeconds, latencyMs: b.latencyMs },
      slateText: SLATE_TEXT,
      portRange: { min: media.rtcMinPort, max: media.rtcMaxPort },
      log: this.d.log.child({ sessionId }),
    });
    program.on('inputFailed', () => this.#inputFailures++);
    program.on('state', (s) => {
      if (s === 'restarting') this.#restarts++;
      if (s === 'disk_full') void this.#checkDisk(true);
    });
    if (this.#closed) {
      await program.stop();
      throw new Error('shutting down');
    }
    program.attach(this.d.streaming.room(sessionId) ?? room);
    this.d.log.info({ sessionId, pid: program.mixerPid }, 'program feed started');
    return program;
  }

  /**
   * The session ended or was cancelled: the program finishes its segments; unrecorded material
   * goes. A second call while one runs waits for that one, so whoever hands the recording on
   * after it finds the files complete.
   */
  end(sessionId: string): Promise<void> {
    const running = this.#ending.get(sessionId);
    if (running) return running;
    const ending = this.#end(sessionId).finally(() => this.#ending.delete(sessionId));
    this.#ending.set(sessionId, ending);
    return ending;
  }

  async #end(sessionId: string): Promise<void> {
    const program = await this.#programs.get(sessionId);
    this.#programs.delete(sessionId);
    await program?.stop();
    const hls = this.#hls.get(sessionId);
    this.#hls.delete(sessionId);
    await hls?.endLive().catch((err: unknown) => this.d.log.warn({ err, sessionId }, 'could not close the live playlists'));
    const rec = await this.d.recordings.row(sessionId);
    if (!rec || rec.state === 'off' || rec.state === 'deleted') await this.d.storage.remove(sessionId);
  }

  /** Programs for every session the database says is live (after a restart they continue, with a discontinuity). */
  async resumeLive(): Promise<void> {
    if (!this.available) return;
    for (const r of await this.d.recordings.liveSessions()) await this.start(r.session_id);
  }

  liveFeed(sessionId: string): LiveFeedView {
    const running = this.#programs.has(sessionId) && Boolean(this.#hls.get(sessionId)?.playable());
    return { sessionId, hls: running ? mediaUrl(sessionId, 'index.m3u8') : null, segmentSeconds: this.d.config.broadcast.segmentSeconds };
  }

  /** Free space below the floor: every program stops (the segments so far stay playable). */
  async #checkDisk(reportedFull = false): Promise<void> {
    try {
      this.#freeBytes = await this.d.storage.freeBytes();
    } catch (err) {
      this.d.log.warn({ err }, 'could not read the media disk free space');
      return;
    }
    const full = reportedFull || this.#freeBytes < Math.max(1, this.d.config.broadcast.minFreeBytes);
    if (full === this.#diskFull) return;
    this.#diskFull = full;
    if (full) {
      this.d.log.error({ freeBytes: this.#freeBytes, minFreeBytes: this.d.config.broadcast.minFreeBytes }, 'media disk full: recording stopped (WebRTC goes on)');
      const programs = await Promise.all([...this.#programs.values()]);
      this.#programs.clear();
      for (const p of programs) await p?.stop();
    } else {
      this.d.log.warn({ freeBytes: this.#freeBytes }, 'media disk has room again: recording resumes');
      await this.resumeLive();
    }
  }

  /** Stops every program (mixers finish their segments and exit). Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#offRoom();
    const programs = await Promise.all([...this.#programs.values()]);
    this.#programs.clear();
    for (const p of programs) await p?.stop();
  }
}
