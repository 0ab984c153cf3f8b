import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { AuditService } from './audit/audit.service';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import type { DomainEvents } from './domain-events';
import type { Api } from './http/routes';
import type { Logger } from '../platform/logger';
import type { Outbox } from './outbox/outbox';
import type { IpHasher } from './people/ip-hash';
import type { PeopleService } from './people/people.service';
import type { RolesService } from './people/roles.service';
import type { LiveFrames } from './realtime/live-frames';
import type { AppServer, AppSocket, Listeners } from './realtime/socket';

/** What every domain module is built from; passed down explicitly, never imported as a global. */
export interface Core {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  /** The Redis actually in use (may be a private one started for local use). */
  redisUrl: string;
  events: DomainEvents;
  /** Work a committed change asks for (see Outbox); domains add rows in their transactions. */
  outbox: Outbox;
  metrics: Registry;
  io: AppServer;
  /** Each room's live frame; domains declare their part once (`live.part()`). */
  live: LiveFrames;
  people: PeopleService;
  roles: RolesService;
  /** Client addresses as keyed hashes, for whatever keeps them. */
  ips: IpHasher;
  audit: AuditService;
}

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

/** A domain plugs into the app through this; the app owns HTTP, sockets and lifecycle. */
export interface DomainModule {
  name: string;
  /** Registers HTTP routes under /api. */
  routes?(api: Api): void;
  /** The socket events it answers; one table for the process routes them (see `eventRouter`). */
  listeners?: Listeners;
  /**
   * Mounts HTTP paths outside /api, ahead of caller identification (no cookie is set on
   * their answers, so caches may keep them): e.g. the broadcast's media files.
   */
  mount?(router: Router): void;
  /**
   * Answers a raw HTTP request before Express sees it, for paths whose speed is the product
   * (immutable media segments); returns false to let the app handle it.
   */
  fastPath?(req: IncomingMessage, res: ServerResponse): boolean;
  /** Called for every new socket connection, after the caller is identified (rooms, reserved events). */
  connection?(socket: AppSocket): void;
  health?(): Promise<HealthReport>;
  /** Stops timers and queues; called once on shutdown, before the database closes. */
  close?(): Promise<void>;
}
