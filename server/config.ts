import { z } from 'zod';
import path from 'node:path';
import { defaultWorkerBin } from './streaming/worker-bin';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

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
  QA_BLOCKLIST_FILE: z.string().optional(),
  RECS_PER_MINUTE: int(3, 1),
  LOGIN_ATTEMPTS_PER_15_MIN: int(10, 1),
  LOGIN_IP_ATTEMPTS_PER_15_MIN: int(100, 1),
  VIEWER_COUNT_INTERVAL_MS: int(500, 100),
  RANKING_INTERVAL_MS: int(100, 20),
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
  readonly security: { sessionSecret: string | undefined; loginAttemptsPer15Min: number; loginIpAttemptsPer15Min: number };
  readonly qa: {
    questionsPerMinute: number;
    votesPerMinute: number;
    ipActionsPerMinute: number;
    blocklistFile: string | undefined;
    recsPerMinute: number;
    viewerCountIntervalMs: number;
    rankingIntervalMs: number;
  };
  readonly media: {
    enabled: boolean;
    workers: number;
    listenIp: string;
    announcedAddress: string | undefined;
    port: number;
    rtcMinPort: number;
    rtcMaxPort: number;
    viewersPerRouter: number;
    /** The mediasoup-worker binary; undefined when none was found (media then reports unhealthy). */
    workerBin: string | undefined;
  };
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
      loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
      loginIpAttemptsPer15Min: e.LOGIN_IP_ATTEMPTS_PER_15_MIN,
    },
    qa: {
      questionsPerMinute: e.QA_QUESTIONS_PER_MINUTE,
      votesPerMinute: e.QA_VOTES_PER_MINUTE,
      ipActionsPerMinute: e.QA_IP_ACTIONS_PER_MINUTE,
      blocklistFile: e.QA_BLOCKLIST_FILE,
      recsPerMinute: e.RECS_PER_MINUTE,
      viewerCountIntervalMs: e.VIEWER_COUNT_INTERVAL_MS,
      rankingIntervalMs: e.RANKING_INTERVAL_MS,
    },
    media: {
      enabled: e.MEDIA_ENABLED,
      workers: e.MEDIA_WORKERS,
      listenIp: e.MEDIA_LISTEN_IP,
      announcedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
      port: e.MEDIA_PORT,
      rtcMinPort: e.MEDIA_RTC_MIN_PORT,
      rtcMaxPort: e.MEDIA_RTC_MAX_PORT,
      viewersPerRouter: e.MEDIA_VIEWERS_PER_ROUTER,
      workerBin: e.MEDIASOUP_WORKER_BIN ?? defaultWorkerBin(),
    },
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
