/**
 * npm run bench:compile — how fast and how lean compiling is, and what it does to the API.
 *
 * 1. A generated session (10,000 questions, 2,000 recommendations in kk/ru/en, one in
 *    five a near-duplicate) is frozen as the API would freeze it and compiled into all
 *    five formats in a fresh process pinned to one core (taskset), with the render
 *    thread's young-generation limit, three times; then a session twice the size
 *    (20,000 questions, 4,000 recommendations), twice. Best runs count; peak RSS is
 *    the highest seen.
 * 2. The real API (createApp on PostgreSQL, with its in-process compile worker) holds a
 *    live session seeded through the services with 10,000 questions and 2,000
 *    recommendations; the session ends and is recompiled while the API serves requests,
 *    and the API's event-loop delay is measured throughout.
 *
 * The same 10k session is also compiled with ratings (2,000 participants × its first 500
 * recommendations, 30% of cells) three times: consensus_seconds is the opinion-group step.
 *
 * The last line is one JSON object: seconds_10k, peak_rss_mb, ratio_20k_over_10k, consensus_seconds,
 * api_event_loop_p99_ms and more. Knobs (env): BENCH_PG_ADMIN_URL, BENCH_REDIS_URL.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Lang } from '../common/base';
import { createApp } from '../server/app';
import { loadConfig } from '../platform/config';
import { migrate } from '../platform/db/migrate';
import { createPostgresDb } from '../platform/db/postgres';
import { createLogger } from '../platform/logger';
import type { Actor } from '../server/people/actor';
import { questionsForCompile } from '../server/recommendations/compile-input';
import type { RecsModule } from '../server/recommendations/recs.module';
import { RENDER_NODE_OPTIONS } from '../workers/recommendations/render.runner';
import { generatedRatings, generatedSession, generatedText, prng } from './compile-data';

const RATINGS = { participants: 2_000, items: 500, density: 0.3 };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const log = (msg: string) => process.stderr.write(`bench:compile ${msg}\n`);

interface ChildResult {
  seconds: number;
  cpu_seconds: number;
  steps: Record<string, number>;
  steps_cpu: Record<string, number>;
  peak_rss_mb: number;
  recommendations: number;
  consensus_seconds: number;
  consensus_cpu_seconds: number;
  opinion_groups: number;
  raters: number;
}

/** The input exactly as the API would store it for such a session (optionally with ratings of its first `rated` items). */
function frozenInput(questions: number, recs: number, ratings?: { participants: number; items: number; density: number }): string {
  const s = generatedSession(questions, recs);
  const rated = ratings ? generatedRatings(s.recommendations, ratings.participants, ratings.items, ratings.density) : {};
  return JSON.stringify({ ...s, questions: questionsForCompile(s.questions, s.recommendations), ...rated });
}

function compileOnce(file: string): ChildResult {
  // The Node options of the worker's render processes.
  const node = [process.execPath, ...RENDER_NODE_OPTIONS, '--import', 'tsx', path.join(ROOT, 'bench/compile.child.ts'), file];
  const cmd = hasTaskset ? ['taskset', '-c', '0', ...node] : node;
  const out = execFileSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

function phaseCompile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'birge-bench-'));
  try {
    const f10 = path.join(dir, '10k.json');
    const f20 = path.join(dir, '20k.json');
    writeFileSync(f10, frozenInput(10_000, 2_000));
    writeFileSync(f20, frozenInput(20_000, 4_000));
    const fRated = path.join(dir, '10k-rated.json');
    writeFileSync(fRated, frozenInput(10_000, 2_000, RATINGS));
    const r10 = [0, 1, 2].map(() => compileOnce(f10));
    const r20 = [0, 1].map(() => compileOnce(f20));
    const rRated = [0, 1, 2].map(() => compileOnce(fRated));
    const best = (rs: ChildResult[]) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const b10 = best(r10);
    const b20 = best(r20);
    const bRated = best(rRated);
    log(`10k runs: ${r10.map((r) => r.seconds.toFixed(2)).join(', ')} s; 20k runs: ${r20.map((r) => r.seconds.toFixed(2)).join(', ')} s`);
    log(`10k with ratings: ${rRated.map((r) => `${r.seconds.toFixed(2)} s (consensus ${r.consensus_seconds.toFixed(3)} s)`).join(', ')}`);
    return {
      seconds_10k: b10.seconds,
      cpu_seconds_10k: b10.cpu_seconds,
      steps_10k: b10.steps,
      groups_10k: b10.recommendations,
      peak_rss_mb: Math.max(...r10.map((r) => r.peak_rss_mb)),
      seconds_20k: b20.seconds,
      peak_rss_mb_20k: Math.max(...r20.map((r) => r.peak_rss_mb)),
      ratio_20k_over_10k: b20.seconds / b10.seconds,
      // On a busy machine wall time includes waiting for the core; CPU time does not.
      cpu_seconds_20k: b20.cpu_seconds,
      cpu_ratio_20k_over_10k: b20.cpu_seconds / b10.cpu_seconds,
      steps_cpu_10k: b10.steps_cpu,
      // The same 10k session with 2,000 participants rating its first 500 recommendations (30% of cells).
      consensus_seconds: Math.min(...rRated.map((r) => r.consensus_seconds)),
      // On a shared machine wall time includes waiting for the core; CPU time is the step's own cost.
      consensus_cpu_seconds: Math.min(...rRated.map((r) => r.consensus_cpu_seconds)),
      consensus_participants: RATINGS.participants,
      consensus_recommendations: RATINGS.items,
      consensus_density: RATINGS.density,
      consensus_raters_counted: bRated.raters,
      consensus_groups: bRated.opinion_groups,
      seconds_10k_rated: bRated.seconds,
      steps_10k_rated: bRated.steps,
      peak_rss_mb_rated: Math.max(...rRated.map((r) => r.peak_rss_mb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (x: T, i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function phaseApi() {
  const dbName = `birge_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${dbName}`);
  const prefix = `bench${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    REDIS_AUTOSTART: 'false',
    MEDIA_ENABLED: 'false',
    QA_IP_ACTIONS_PER_MINUTE: '100000000',
    IP_REQUESTS_PER_MINUTE: '100000000',
    CITIZENS_PER_IP_PER_HOUR: '100000000',
    QA_VOTES_PER_QUESTION_PER_IP: '100000000',
    DATA_DIR: path.join(os.tmpdir(), `birge-bench-${process.pid}`),
  });
  const db = createPostgresDb(url, 20);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    await migrate(db);
    const app = await createApp({ config, log: createLogger('warn'), db, redis, redisUrl: REDIS_URL, secret: randomUUID().repeat(2) });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.http.address() as { port: number }).port}`;
    try {
      return await measure(app, base);
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    redis.disconnect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

/**
 * Notes every event-loop stall over 30 ms with the CPU the process used meanwhile:
 * about as much CPU as stall means the API itself was busy; little CPU means the
 * process was waiting for a core (a busy machine), not blocked by its own work.
 */
function stallRecorder() {
  const seen: { ms: number; cpu_ms: number }[] = [];
  let last = performance.now();
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    if (now - last > 35) seen.push({ ms: Math.round(now - last - 5), cpu_ms: Math.round((used.user + used.system) / 1000) });
    last = now;
    cpu = process.cpuUsage();
  }, 5);
  return {
    stop: () => clearInterval(timer),
    worst: (k: number) => [...seen].sort((a, b) => b.ms - a.ms).slice(0, k),
  };
}

async function measure(app: Awaited<ReturnType<typeof createApp>>, base: string) {
  const { services, core } = app;
  const email = `bench-${randomUUID()}@example.kz`;
  const { id } = await core.people.ensureOrganizer(email, 'bench-password-1', 'Бенчмарк');
  const org: Actor = { kind: 'account', id, displayName: 'Бенчмарк', canCreateForums: true, isAdmin: false };
  const forum = await services.agenda.createForum(org, { slug: `bench-${randomUUID().slice(0, 8)}`, title: { kk: 'Азаматтық форум', ru: 'Гражданский форум' }, languages: ['kk', 'ru', 'en'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 5 });
  const platform = await services.agenda.createPlatform(org, forum.id, { title: { ru: 'Противодействие коррупции' } });
  const session = await services.agenda.createSession(org, forum.id, { platformId: platform.id, title: { ru: 'Эффективность общественных советов' }, speakers: [{ name: 'Министр' }], startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' });
  await services.agenda.transition(org, session.id, 'start');

  const rand = prng(11);
  const langs: Lang[] = ['kk', 'ru', 'en'];
  const citizen = (): Actor => ({ kind: 'citizen', id: randomUUID(), displayName: null });
  const ip = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255}`;
  const seedStart = performance.now();
  const questionIds: string[] = [];
  await pool(Array.from({ length: 10_000 }, (_, i) => i), 16, async (i) => {
    const q = await services.qa.ask(citizen(), ip(i), { sessionId: session.id, text: `${generatedText(rand, langs[i % 3]!)} ?`, lang: langs[i % 3]!, anonymous: false });
    questionIds.push(q.id);
  });
  await pool(questionIds.slice(0, 1_000), 8, async (qid) => {
    const q = await services.qa.getQuestion(qid);
    if (q.status === 'pending') await services.qaModeration.approve(org, qid);
    await services.qaModeration.answered(org, qid);
  });
  const recIds: string[] = [];
  await pool(Array.from({ length: 2_000 }, (_, i) => i), 16, async (i) => {
    const r = await services.recs.submit(citizen(), ip(i), { sessionId: session.id, text: generatedText(rand, langs[i % 3]!), lang: langs[i % 3]!, addressee: i % 4 ? 'Министерство юстиции' : null });
    recIds.push(r.id);
  });
  await pool(Array.from({ length: 4_000 }, (_, i) => i), 16, (i) => services.recs.endorse(citizen(), ip(i), { recommendationId: recIds[i % recIds.length]!, endorse: true }));
  log(`seeded 10,000 questions and 2,000 recommendations in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);

  const recsModule = app.modules.find((m): m is RecsModule => m.name === 'recommendations')!;
  let requests = 0;
  // People keep using the API: the same light traffic with and without compiles.
  let busy = true;
  const traffic = (async () => {
    while (busy) {
      const path = requests % 2 ? `/api/sessions/${session.id}` : `/api/forums/${forum.slug}`;
      await fetch(`${base}${path}`).then((r) => r.arrayBuffer());
      requests++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  // The same process, traffic and machine without a compile: what the machine alone costs.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 5000));
  idle.disable();
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const stalls = stallRecorder();
  const started = performance.now();
  const elu = perf.eventLoopUtilization();
  let pinned: number | undefined;
  const waitDone = async (revision: number) => {
    for (;;) {
      const list = await services.compile.list(org, { scope: 'session', forumId: forum.id, sessionId: session.id });
      const r = list.find((x) => x.revision === revision);
      if (r?.status === 'done') return r;
      if (r?.status === 'failed') throw new Error(`compile failed: ${r.error}`);
      // The worker on the other core than the API (without waiting: a sync spawn would block the loop being measured).
      const pid = recsModule.supervisor?.pid;
      if (hasTaskset && pid && pid !== pinned) {
        pinned = pid;
        execFile('taskset', ['-a', '-cp', '1', String(pid)], () => undefined);
      }
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  await services.agenda.transition(org, session.id, 'end');
  const r1 = await waitDone(1);
  await services.recs.edit(org, { recommendationId: recIds[0]!, text: 'Әкімдіктердің есептерін ашық деректер порталында ай сайын жариялау керек.' });
  await services.compile.recompileSession(org, session.id);
  await waitDone(2);
  const cookie = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench-password-1' }) }).then((r) => r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
  for (const a of r1.artifacts) await fetch(`${base}${a.url}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
  busy = false;
  await traffic;
  h.disable();
  stalls.stop();
  return {
    api_event_loop_p99_ms: h.percentile(99) / 1e6,
    api_event_loop_max_ms: h.max / 1e6,
    api_event_loop_p99_idle_ms: idle.percentile(99) / 1e6,
    /** Share of the window the API's loop was busy: low with high delays means the machine, not the API, was slow. */
    api_event_loop_utilization: perf.eventLoopUtilization(elu).utilization,
    api_worst_stalls: stalls.worst(5),
    api_window_seconds: (performance.now() - started) / 1000,
    api_requests_served: requests,
  };
}

const compile = phaseCompile();
log(`compile: ${compile.seconds_10k.toFixed(2)} s for 10k, ratio ${compile.ratio_20k_over_10k.toFixed(2)}, peak RSS ${compile.peak_rss_mb.toFixed(0)} MB`);
const api = await phaseApi();
const round = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v]));
console.log(JSON.stringify(round({ ...compile, steps_10k: round(compile.steps_10k), steps_cpu_10k: round(compile.steps_cpu_10k), steps_10k_rated: round(compile.steps_10k_rated), ...api, pinned_to_one_core: hasTaskset, load_average: os.loadavg().map((x) => Math.round(x * 100) / 100) })));
process.exit(0);
