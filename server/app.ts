import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { API_DOCUMENTS } from '../common/http-route';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Server } from 'socket.io';
import { ROOT } from '../platform/paths';
import { AuditService } from './audit/audit.service';
import type { Config } from '../platform/config';
import type { Core, DomainModule } from './core';
import type { Db } from '../platform/db';
import { DomainEvents } from './domain-events';
import { csrfGuard, originAllowed } from './http/csrf';
import { notFoundHandler, problemHandler } from './http/problem';
import { asyncApiDocument } from './http/asyncapi';
import { clientShell } from './http/client-shell';
import { documentPlatformRoutes } from './http/platform.routes';
import { healthRoute } from './http/health';
import { Api } from './http/routes';
import type { Logger } from '../platform/logger';
import { createModules, type Services } from './modules';
import { Outbox } from './outbox/outbox';
import { socketAdapter } from './realtime/adapter';
import { CitizenMint } from './people/citizen-mint';
import { handshakeCookie, handshakeRefusal, identify, mintForHandshake, resolveActor, socketCookieIds } from './people/identify';
import { SocketAccounts } from './people/live-accounts';
import { createPeopleModule } from './people/people.module';
import { IpHasher } from './people/ip-hash';
import { LoginGuard } from './people/login-guard';
import { PeopleService } from './people/people.service';
import { RolesService } from './people/roles.service';
import { LiveFrames } from './realtime/live-frames';
import { Throttle } from './throttle';
import { eventRouter, wireError, type AppServer } from './realtime/socket';

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
  /** The Express application (tests walk its routes against the OpenAPI document). */
  express: express.Express;
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
  // Modules may answer some requests ahead of Express (see DomainModule.fastPath).
  const fast: NonNullable<DomainModule['fastPath']>[] = [];
  const http = createServer((req, res) => {
    for (const f of fast) if (f(req, res)) return;
    app(req, res);
  });
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');

  // Same rule as Express (TRUST_PROXY), so per-IP limits see real clients behind a proxy.
  const clientIp = (req: IncomingMessage) => proxyAddr(req, app.get('trust proxy fn') as (addr: string, i: number) => boolean);
  const ips = new IpHasher(deps.secret);
  const mint = new CitizenMint(redis, config.redis.prefix, config.security.citizensPerIpPerHour, ips, log);

  const allowedOrigins = () => (config.http.publicUrl ? [new URL(config.http.publicUrl).origin] : []);
  const adapter = socketAdapter(redis, config.redis.prefix, log);
  const io: AppServer = new Server(http, {
    adapter: adapter.adapter,
    // Recovery replays what a briefly disconnected client missed; the join snapshot covers longer gaps.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    allowRequest: (req, cb) => {
      if (!originAllowed(req.headers.origin, req.headers.host, allowedOrigins())) return cb(null, false);
      mintForHandshake(req, deps.secret, clientIp(req), mint).then(
        () => cb(null, true),
        (e: unknown) => (log.error({ err: e }, 'socket handshake failed'), cb('internal', false)),
      );
    },
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
  const accounts = new SocketAccounts(io);
  const roles = new RolesService(db, accounts);
  const loginGuard = new LoginGuard(redis, config.redis.prefix, config.security.login, ips);
  const people = new PeopleService(db, roles, loginGuard, log.child({ module: 'people' }), accounts);
  const throttle = new Throttle(redis, config.redis.prefix, config.throttle, ips, log);
  const audit = new AuditService(db, roles);
  const live = new LiveFrames(io, { minGapMs: config.live.frameGapMs, log: log.child({ module: 'live' }) });
  const outbox = new Outbox({ db, queue: config.redis.prefix, log: log.child({ module: 'outbox' }) });
  new Gauge({
    name: 'birge_outbox_pending',
    help: 'Hand-offs (compilations, recording finalizations) committed and not yet carried out; growing while Redis is away',
    registers: [metrics],
    async collect() {
      // Without the database there is no reading; the metric keeps its last one.
      await outbox.pendingCount().then((n) => this.set(n), () => undefined);
    },
  });
  const core: Core = { config, log, db, redis, redisUrl: deps.redisUrl, events, outbox, metrics, io, live, people, roles, ips, audit };
  const cookies = { secure: config.env === 'production' };

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // 'self' covers ws:/wss: to this origin (CSP 3); a bare scheme would let a script reach any host.
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use((req, res, next) => {
    const end = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched', status: res.statusCode }));
    next();
  });
  const reporting: DomainModule[] = [];
  app.get('/healthz', healthRoute({ db, redis, people, secret: deps.secret, modules: reporting }));
  // Public files (media) answer before identification: no citizen cookie on them, so caches keep them.
  const early = express.Router();
  app.use(early);
  app.use(express.json({ limit: '64kb' }));
  app.use(cookieParser(deps.secret));
  app.use(identify(people, deps.secret, cookies, mint));

  const { modules, services } = await createModules(core);
  reporting.push(...modules);
  // Every module has registered its outbox handlers: what a crash left undone goes out now.
  outbox.start();
  for (const m of modules) {
    m.mount?.(early);
    if (m.fastPath) fast.push(m.fastPath.bind(m));
  }

  const router = express.Router();
  router.use(throttle.http());
  router.use(csrfGuard(allowedOrigins));
  const api = new Api(router);
  const publicUrl = (req: express.Request) => config.http.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  for (const m of [createPeopleModule(core, { cookies, publicUrl }), ...modules]) m.routes?.(api);
  documentPlatformRoutes(api);
  // Made on first request, once: generating them from the schemas is a quarter of a second of a start.
  let openapi: ReturnType<Api['document']> | undefined;
  let asyncapi: ReturnType<typeof asyncApiDocument> | undefined;
  app.get(API_DOCUMENTS.openapi, (_req, res) => void res.json((openapi ??= api.document({ title: 'Birge API', version: '1' }))));
  app.get(API_DOCUMENTS.asyncapi, (req, res) => void res.json((asyncapi ??= asyncApiDocument('1')).withServer(publicUrl(req))));
  app.use('/api', router);
  app.use('/api', notFoundHandler);

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  if (existsSync(CLIENT_DIST)) {
    app.use(express.static(CLIENT_DIST, { index: false, maxAge: '1h' }));
    const shell = clientShell(CLIENT_DIST);
    // Client-side routes: any other GET that wants HTML gets the app shell.
    app.get(/^(?!\/api\/|\/socket\.io\/|\/media\/).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.type('html').send(shell(req.path));
    });
  }
  app.use(notFoundHandler);
  app.use(problemHandler(log));

  io.engine.on('initial_headers', (headers: Record<string, unknown>, req: import('node:http').IncomingMessage) =>
    handshakeCookie(headers, req, deps.secret, cookies),
  );
  io.use(async (socket, next) => {
    try {
      const { actor, fresh } = await resolveActor(people, socketCookieIds(socket.request, deps.secret));
      const refused = fresh ? handshakeRefusal(socket.request) : undefined;
      // No identity was made for this handshake: the address used up its new ones for the hour.
      if (refused) return next(Object.assign(new Error(refused.message), { data: wireError(refused) }));
      socket.data.actor = actor;
      socket.data.ip = clientIp(socket.request);
      next();
    } catch (e) {
      log.error({ err: e }, 'socket identification failed');
      next(new Error('internal'));
    }
  });
  const route = eventRouter(modules.flatMap((m) => (m.listeners ? [m.listeners] : [])));
  io.on('connection', (socket) => {
    socketConnections.inc();
    accounts.connection(socket);
    throttle.socket(socket);
    for (const m of modules) m.connection?.(socket);
    // Last, so that a guard a module installed with socket.use runs before every handler.
    route(socket);
  });

  let closed = false;
  return {
    http,
    express: app,
    io,
    core,
    modules,
    services,
    async close() {
      if (closed) return;
      closed = true;
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await outbox.close();
      for (const m of [...modules].reverse()) await m.close?.();
      // After the modules: their close flushes (a last ranking) still reach the stream's replay log.
      live.close();
      adapter.close();
    },
  };
}
