import { z } from 'zod';
import path from 'node:path';
import { defaultWorkerBin } from './mediasoup-bin';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

/**
 * Every environment variable Birge reads. The README's configuration table and
 * docker-compose.yml use these names; nothing else in the code reads process.env.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATABASE_POOL_MAX: int(20, 1, 500),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_:-]+$/i).default('birge'),
  REDIS_AUTOSTART: bool.default(true),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z.string().default('loopback'),
  // Q&A and abuse limits
  QA_QUESTIONS_PER_MINUTE: int(3, 1),
  QA_VOTES_PER_MINUTE: int(60, 1),
  QA_IP_ACTIONS_PER_MINUTE: int(600, 1),
  QA_VOTES_PER_QUESTION_PER_IP: int(50, 1),
  QA_BLOCKLIST_FILE: z.string().optional(),
  RECS_PER_MINUTE: int(3, 1),
  RATINGS_PER_MINUTE: int(120, 1),
  // Hours after a session ends during which its recommendations can still be rated, unless the forum sets its own.
  RATING_REVIEW_HOURS: int(72, 0, 2160),
  LOGIN_ATTEMPTS_PER_15_MIN: int(10, 1),
  LOGIN_IP_ATTEMPTS_PER_15_MIN: int(100, 1),
  LOGIN_SLOWDOWN_MAX_MS: int(10_000, 0, 60_000),
  CITIZENS_PER_IP_PER_HOUR: int(300, 1),
  SOCKET_MESSAGES_PER_10S: int(100, 1),
  IP_REQUESTS_PER_MINUTE: int(6000, 1),
  VIEWER_COUNT_INTERVAL_MS: int(500, 100),
  RANKING_INTERVAL_MS: int(250, 20),
  // Live polls: votes per identity and per IP address, and the shortest time between two results readings (≤ 10 a second).
  POLL_VOTES_PER_MINUTE: int(30, 1),
  POLL_IP_VOTES_PER_MINUTE: int(3000, 1),
  POLL_RESULTS_INTERVAL_MS: int(100, 100, 10_000),
  // Shortest time between two live frames of one room from one process.
  LIVE_FRAME_GAP_MS: int(50, 0, 1000),
  // Media
  MEDIA_WORKERS: int(0, 0, 64),
  MEDIA_LISTEN_IP: z.string().default('0.0.0.0'),
  MEDIA_ANNOUNCED_ADDRESS: z.string().optional(),
  // WebRtcServer of worker i listens on MEDIA_PORT + i (UDP and TCP); 0 = any free port in the RTC range (tests).
  MEDIA_PORT: int(40000, 0, 65535),
  MEDIA_RTC_MIN_PORT: int(40100, 1, 65535),
  MEDIA_RTC_MAX_PORT: int(40999, 1, 65535),
  MEDIA_VIEWERS_PER_ROUTER: int(300, 1),
  MEDIA_ENABLED: bool.default(true),
  // Default: mediasoup's bundled worker, else ~/.cache/birge/mediasoup-worker-<version> (scripts/mediasoup-worker.sh).
  MEDIASOUP_WORKER_BIN: z.string().optional(),
  // Broadcast: the HLS program feed and recordings
  BROADCAST_ENABLED: bool.default(true),
  // WebRTC viewers per session before the page sends the next ones to the HLS feed; 0 = no limit.
  MEDIA_MAX_WEBRTC_VIEWERS: int(0, 0),
  BROADCAST_WIDTH: int(1280, 160, 3840),
  BROADCAST_HEIGHT: int(720, 90, 2160),
  BROADCAST_FPS: int(30, 5, 60),
  BROADCAST_VIDEO_KBPS: int(2500, 100, 20_000),
  BROADCAST_AUDIO_KBPS: int(128, 32, 320),
  BROADCAST_X264_PRESET: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']).default('veryfast'),
  BROADCAST_SEGMENT_SECONDS: int(2, 1, 10),
  BROADCAST_LATENCY_MS: int(150, 20, 2000),
  // Default DATA_DIR/media.
  MEDIA_DIR: z.string().optional(),
  // Below this much free space on the media volume recording stops (WebRTC goes on).
  RECORDING_MIN_FREE_MB: int(512, 0),
  // Recommendations
  COMPILE_SIMILARITY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  COMPILE_CONCURRENCY: int(1, 1, 16),
  // Run the compile worker as a child of the API process (required on the embedded store); false when `npm run worker` runs separately.
  COMPILE_WORKERS_INPROCESS: bool.default(true),
  // A job whose worker stops renewing its lock for this long is handed to another worker.
  COMPILE_LOCK_MS: int(30_000, 1000, 600_000),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly http: { port: number; host: string; publicUrl: string | undefined; trustProxy: string };
  readonly log: { level: Env['LOG_LEVEL'] };
  readonly dataDir: string;
  readonly db: { url: string | undefined; poolMax: number; embeddedDir: string };
  readonly redis: { url: string; prefix: string; autostart: boolean };
  readonly security: {
    sessionSecret: string | undefined;
    login: { pairPer15Min: number; ipPer15Min: number; slowdownMaxMs: number };
    /** New pseudonymous identities one address may be given per hour. */
    citizensPerIpPerHour: number;
  };
  readonly qa: {
    questionsPerMinute: number;
    votesPerMinute: number;
    ipActionsPerMinute: number;
    /** Votes one IP address may give one question (a shared office or school NAT counts as one address). */
    votesPerQuestionPerIp: number;
    blocklistFile: string | undefined;
    recsPerMinute: number;
    viewerCountIntervalMs: number;
    rankingIntervalMs: number;
  };
  readonly live: { frameGapMs: number };
  readonly polls: { votesPerMinute: number; ipVotesPerMinute: number; resultsIntervalMs: number };
  readonly throttle: { socketMessagesPer10s: number; ipRequestsPerMinute: number };
  readonly media: {
    enabled: boolean;
    workers: number;
    listenIp: string;
    announcedAddress: string | undefined;
    port: number;
    rtcMinPort: number;
    rtcMaxPort: number;
    viewersPerRouter: number;
    /** WebRTC viewers one session takes (0: no limit); the next ones watch the HLS feed. */
    maxWebrtcViewers: number;
    /** The mediasoup-worker binary; undefined when none was found (media then reports unhealthy). */
    workerBin: string | undefined;
  };
  readonly broadcast: {
    enabled: boolean;
    width: number;
    height: number;
    fps: number;
    videoKbps: number;
    audioKbps: number;
    preset: Env['BROADCAST_X264_PRESET'];
    segmentSeconds: number;
    latencyMs: number;
    mediaDir: string;
    minFreeBytes: number;
  };
  readonly ratings: { perMinute: number; reviewHours: number };
  readonly compile: { similarityThreshold: number; concurrency: number; workersInProcess: boolean; lockMs: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Parses the environment once; throws {@link ConfigError} listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  // Empty strings mean "unset" so that docker-compose `VAR=` lines fall back to defaults.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  // Rules across variables are checked even when single variables failed, so one run lists everything.
  const { shape } = EnvSchema;
  if (shape.NODE_ENV.safeParse(cleaned.NODE_ENV).data === 'production' && !cleaned.SESSION_SECRET) {
    problems.push('SESSION_SECRET: required in production');
  }
  const rtcMin = shape.MEDIA_RTC_MIN_PORT.safeParse(cleaned.MEDIA_RTC_MIN_PORT).data;
  const rtcMax = shape.MEDIA_RTC_MAX_PORT.safeParse(cleaned.MEDIA_RTC_MAX_PORT).data;
  if (rtcMin !== undefined && rtcMax !== undefined && rtcMin > rtcMax) problems.push('MEDIA_RTC_MIN_PORT: must not exceed MEDIA_RTC_MAX_PORT');
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY },
    log: { level: e.LOG_LEVEL },
    dataDir,
    db: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, embeddedDir: path.join(dataDir, 'pglite') },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, autostart: e.REDIS_AUTOSTART },
    security: {
      sessionSecret: e.SESSION_SECRET,
      login: { pairPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN, ipPer15Min: e.LOGIN_IP_ATTEMPTS_PER_15_MIN, slowdownMaxMs: e.LOGIN_SLOWDOWN_MAX_MS },
      citizensPerIpPerHour: e.CITIZENS_PER_IP_PER_HOUR,
    },
    qa: {
      questionsPerMinute: e.QA_QUESTIONS_PER_MINUTE,
      votesPerMinute: e.QA_VOTES_PER_MINUTE,
      ipActionsPerMinute: e.QA_IP_ACTIONS_PER_MINUTE,
      votesPerQuestionPerIp: e.QA_VOTES_PER_QUESTION_PER_IP,
      blocklistFile: e.QA_BLOCKLIST_FILE,
      recsPerMinute: e.RECS_PER_MINUTE,
      viewerCountIntervalMs: e.VIEWER_COUNT_INTERVAL_MS,
      rankingIntervalMs: e.RANKING_INTERVAL_MS,
    },
    live: { frameGapMs: e.LIVE_FRAME_GAP_MS },
    polls: { votesPerMinute: e.POLL_VOTES_PER_MINUTE, ipVotesPerMinute: e.POLL_IP_VOTES_PER_MINUTE, resultsIntervalMs: e.POLL_RESULTS_INTERVAL_MS },
    throttle: { socketMessagesPer10s: e.SOCKET_MESSAGES_PER_10S, ipRequestsPerMinute: e.IP_REQUESTS_PER_MINUTE },
    media: {
      enabled: e.MEDIA_ENABLED,
      workers: e.MEDIA_WORKERS,
      listenIp: e.MEDIA_LISTEN_IP,
      announcedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
      port: e.MEDIA_PORT,
      rtcMinPort: e.MEDIA_RTC_MIN_PORT,
      rtcMaxPort: e.MEDIA_RTC_MAX_PORT,
      viewersPerRouter: e.MEDIA_VIEWERS_PER_ROUTER,
      maxWebrtcViewers: e.MEDIA_MAX_WEBRTC_VIEWERS,
      workerBin: e.MEDIASOUP_WORKER_BIN ?? defaultWorkerBin(),
    },
    broadcast: {
      enabled: e.BROADCAST_ENABLED,
      width: e.BROADCAST_WIDTH - (e.BROADCAST_WIDTH % 2),
      height: e.BROADCAST_HEIGHT - (e.BROADCAST_HEIGHT % 2),
      fps: e.BROADCAST_FPS,
      videoKbps: e.BROADCAST_VIDEO_KBPS,
      audioKbps: e.BROADCAST_AUDIO_KBPS,
      preset: e.BROADCAST_X264_PRESET,
      segmentSeconds: e.BROADCAST_SEGMENT_SECONDS,
      latencyMs: e.BROADCAST_LATENCY_MS,
      mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
      minFreeBytes: e.RECORDING_MIN_FREE_MB * 1024 * 1024,
    },
    ratings: { perMinute: e.RATINGS_PER_MINUTE, reviewHours: e.RATING_REVIEW_HOURS },
    compile: {
      similarityThreshold: e.COMPILE_SIMILARITY_THRESHOLD,
      concurrency: e.COMPILE_CONCURRENCY,
      workersInProcess: e.COMPILE_WORKERS_INPROCESS,
      lockMs: e.COMPILE_LOCK_MS,
    },
  });
}

/** For entry points: the config, or every problem on stderr and exit code 2 (a usage error). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
