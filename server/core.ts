import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { AuditService } from './audit/audit.service';
import type { Config } from './config';
import type { Db } from './db';
import type { DomainEvents } from './domain-events';
import type { Api } from './http/routes';
import type { Logger } from './logger';
import type { PeopleService } from './people/people.service';
import type { RolesService } from './people/roles.service';
import type { AppServer, AppSocket } from './realtime/socket';

/** What every domain module is built from; passed down explicitly, never imported as a global. */
export interface Core {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  /** The Redis actually in use (may be a private one started for local use). */
  redisUrl: string;
  events: DomainEvents;
  metrics: Registry;
  io: AppServer;
  people: PeopleService;
  roles: RolesService;
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
  /** Called for every new socket connection, after the caller is identified. */
  connection?(socket: AppSocket): void;
  health?(): Promise<HealthReport>;
  /** Stops timers and queues; called once on shutdown, before the database closes. */
  close?(): Promise<void>;
}
