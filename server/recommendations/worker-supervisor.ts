/**
 * Runs the compile worker as a child process of the API when no separate worker is
 * deployed (always on the embedded store, whose database only this process may open).
 * The child renders in its own process, so compiling never blocks the API's event loop;
 * on the embedded store it reads inputs and commits artifacts through IPC, served here.
 * It is started on first need and restarted if it dies; jobs it held return to the
 * queue through BullMQ's stalled-job check and run again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { IpcRequest, type IpcReply } from '../../common/jobs';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { entryArgs, ROOT } from '../../platform/paths';
import type { DbCompileStore } from '../../workers/recommendations/compile.store';


export interface SupervisorOptions {
  config: Config;
  /** The Redis actually in use (maybe a private one this process started). */
  redisUrl: string;
  /** Serve the store over IPC (embedded database); otherwise the child opens PostgreSQL itself. */
  ipcStore: DbCompileStore | undefined;
  log: Logger;
}

export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private closing = false;
  private restartDelay = 1000;
  private restartTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private readonly o: SupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the child unless it runs (or is about to be restarted). */
  ensureStarted(): void {
    if (this.closing || this.child || this.restartTimer) return;
    this.spawn();
  }

  /** Only what the worker's configuration needs; the parent's Config may not come from process.env (tests). */
  private env(): NodeJS.ProcessEnv {
    const c = this.o.config;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: c.env,
      LOG_LEVEL: c.log.level,
      DATA_DIR: c.dataDir,
      REDIS_URL: this.o.redisUrl,
      REDIS_PREFIX: c.redis.prefix,
      REDIS_AUTOSTART: 'false',
      COMPILE_CONCURRENCY: String(c.compile.concurrency),
      COMPILE_LOCK_MS: String(c.compile.lockMs),
      COMPILE_SIMILARITY_THRESHOLD: String(c.compile.similarityThreshold),
      MEDIA_DIR: c.broadcast.mediaDir,
    };
    if (c.security.sessionSecret) env.SESSION_SECRET = c.security.sessionSecret;
    if (c.db.url && !this.o.ipcStore) env.DATABASE_URL = c.db.url;
    return env;
  }

  private spawn() {
    const ipc = Boolean(this.o.ipcStore);
    const child = spawn(process.execPath, [...entryArgs('workers/main'), ...(ipc ? ['--ipc'] : [])], {
      cwd: ROOT,
      env: this.env(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Structured clone carries the artifacts' bytes without base64.
      serialization: 'advanced',
    });
    this.child = child;
    this.startedAt = Date.now();
    // Rendering is batch work: on a busy machine the API's requests go first.
    if (child.pid) {
      try {
        setPriority(child.pid, 10);
      } catch (err) {
        this.o.log.warn({ err }, 'could not lower the compile worker priority');
      }
    }
    this.o.log.info({ pid: child.pid, ipc }, 'compile worker started');
    if (ipc) child.on('message', (m: unknown) => void this.serve(child, m));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.closing) return;
      // A worker that ran a while earns a quick restart; one that keeps dying backs off.
      if (Date.now() - this.startedAt > 60_000) this.restartDelay = 1000;
      this.o.log.error({ code, signal, restartInMs: this.restartDelay }, 'compile worker exited');
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.ensureStarted();
      }, this.restartDelay);
      this.restartDelay = Math.min(this.restartDelay * 2, 30_000);
    });
  }

  private async serve(child: ChildProcess, raw: unknown) {
    const parsed = IpcRequest.safeParse(raw);
    if (!parsed.success) {
      this.o.log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'malformed request from the compile worker');
      return;
    }
    const m = parsed.data;
    const store = this.o.ipcStore!;
    let reply: IpcReply;
    try {
      if (m.op === 'claim') reply = { id: m.id, ok: true, claimed: (await store.claim(m.inputId)) ?? null };
      else if (m.op === 'complete') {
        await store.complete(m.inputId, m.artifacts, m.tracker);
        reply = { id: m.id, ok: true };
      } else {
        await store.fail(m.inputId, m.reason);
        reply = { id: m.id, ok: true };
      }
    } catch (e) {
      this.o.log.error({ err: e, op: m.op, inputId: m.inputId }, 'compile store request failed');
      reply = { id: m.id, ok: false, error: 'the store could not complete the request' };
    }
    if (child.connected) child.send(reply);
  }

  /** Stops the child gracefully (it finishes or hands back its job), then for good after 15 s. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
