import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import proxyAddr from 'proxy-addr';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Server } from 'socket.io';
import { AuditService } from './audit/audit.service';
import type { Config } from './config';
import type { Core, DomainModule } from './core';
import type { Db } from './db';
import { DomainEvents } from './domain-events';
import { csrfGuard, originAllowed } from './http/csrf';
import { notFoundHandler, problemHandler } from './http/problem';
import { Api } from './http/routes';
import type { Logger } from './logger';
import { createModules, type Services } from './modules';
import { handshakeCookie, identify, resolveActor, socketCookieIds } from './people/identify';
import { peopleRoutes } from './people/people.routes';
import { PeopleService } from './people/people.service';
import { RolesService } from './people/roles.service';
import { RateLimit } from './rate-limit';
import type { AppServer } from './realtime/socket';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_DIST = path.join(ROOT, 'client', 'dist');

export interface AppDeps {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  redisUrl: string;
  /** Signs citizen cookies. */
  secret: string;
}

export interface App {
  http: HttpServer;
  io: AppServer;
  core: Core;
  modules: DomainModule[];
  services: Services;
  /** Stops accepting work and closes modules; the caller closes db and redis. */
  close(): Promise<void>;
}

/** Builds the HTTP and Socket.IO server; never listens by itself (main and tests do). */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, log, db, redis } = deps;
  const app = express();
  const http = createServer(app);
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');

  const allowedOrigins = () => (config.http.publicUrl ? [new URL(config.http.publicUrl).origin] : []);
  const io: AppServer = new Server(http, {
    adapter: createAdapter(redis.duplicate(), {
      streamName: `${config.redis.prefix}:socket.io`,
      sessionKeyPrefix: `${config.redis.prefix}:sio:session:`,
      // The stream is the replay log for connection state recovery: keep well over the
      // 2-minute recovery window even with a dozen busy parallel sessions.
      maxLen: 100_000,
    }),
    // Recovery replays what a briefly disconnected client missed; the join snapshot covers longer gaps.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    allowRequest: (req, cb) => cb(null, originAllowed(req.headers.origin, req.headers.host, allowedOrigins())),
    maxHttpBufferSize: 64 * 1024,
  });

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const httpDuration = new Histogram({
    name: 'birge_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    registers: [metrics],
  });
  const socketConnections = new Counter({ name: 'birge_socket_connections_total', help: 'Socket.IO connections accepted', registers: [metrics] });

  const events = new DomainEvents();
  const roles = new RolesService(db);
  const loginLimits = {
    perAccount: new RateLimit(redis, config.redis.prefix, { name: 'login', points: config.security.loginAttemptsPer15Min, durationSec: 15 * 60 }),
    perIp: new RateLimit(redis, config.redis.prefix, { name: 'login-ip', points: config.security.loginIpAttemptsPer15Min, durationSec: 15 * 60 }),
  };
  const people = new PeopleService(db, roles, loginLimits, log.child({ module: 'people' }));
  const audit = new AuditService(db);
  const core: Core = { config, log, db, redis, redisUrl: deps.redisUrl, events, metrics, io, people, roles, audit };
  const cookies = { secure: config.env === 'production' };

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          mediaSrc: ["'self'", 'blob:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use((req, res, next) => {
    const end = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route?.path as string | undefined) ?? 'unmatched', status: res.statusCode }));
    next();
  });
  app.use(express.json({ limit: '64kb' }));
  app.use(cookieParser(deps.secret));
  app.use(identify(people, deps.secret, cookies));

  const { modules, services } = await createModules(core);

  const router = express.Router();
  router.use(csrfGuard(allowedOrigins));
  const api = new Api(router);
  const publicUrl = (req: express.Request) => config.http.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  peopleRoutes(api, people, roles, cookies, publicUrl);
  for (const m of modules) m.routes?.(api);
  const openapi = api.document({ title: 'Birge API', version: '1' });
  app.get('/api/openapi.json', (_req, res) => void res.json(openapi));
  app.use('/api', router);
  app.use('/api', notFoundHandler);

  app.get('/healthz', async (_req, res) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return { ok: true };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    };
    const report: Record<string, { ok: boolean; [k: string]: unknown }> = {
      database: { ...(await check(() => db.ping())), kind: db.kind },
      redis: await check(() => redis.ping()),
    };
    for (const m of modules) if (m.health) report[m.name] = await m.health().catch((e: Error) => ({ ok: false, error: e.message }));
    const ok = Object.values(report).every((r) => r.ok);
    res.status(ok ? 200 : 503).json({ ok, ...report });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  if (existsSync(CLIENT_DIST)) {
    app.use(express.static(CLIENT_DIST, { index: false, maxAge: '1h' }));
    // Client-side routes: any other GET that wants HTML gets the app shell.
    app.get(/^(?!\/api\/|\/socket\.io\/).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.sendFile(path.join(CLIENT_DIST, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(problemHandler(log));

  io.engine.on('initial_headers', (headers: Record<string, unknown>, req: import('node:http').IncomingMessage) =>
    handshakeCookie(headers, req, deps.secret, cookies),
  );
  io.use(async (socket, next) => {
    try {
      const { actor } = await resolveActor(people, socketCookieIds(socket.request, deps.secret));
      socket.data.actor = actor;
      // Same rule as Express (TRUST_PROXY), so per-IP limits see real clients behind a proxy.
      socket.data.ip = proxyAddr(socket.request, app.get('trust proxy fn') as (addr: string, i: number) => boolean);
      next();
    } catch (e) {
      log.error({ err: e }, 'socket identification failed');
      next(new Error('internal'));
    }
  });
  io.on('connection', (socket) => {
    socketConnections.inc();
    for (const m of modules) m.connection?.(socket);
  });

  let closed = false;
  return {
    http,
    io,
    core,
    modules,
    services,
    async close() {
      if (closed) return;
      closed = true;
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const m of [...modules].reverse()) await m.close?.();
    },
  };
}
