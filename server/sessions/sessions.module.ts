import { randomUUID } from 'node:crypto';
import type { ViewersFramePart } from '../../common/sessions.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import { sessionHandlers } from './sessions.handlers';
import { sessionsRoutes } from './sessions.routes';
import { SessionsService } from './sessions.service';
import { ViewerCounter } from './viewer-counter';

/** Attendance is sampled about this often while a session is live. */
export const ATTENDANCE_SAMPLE_MS = 30_000;

export function createSessionsModule(core: Core, agenda: AgendaService): DomainModule & { service: SessionsService } {
  const log = core.log.child({ module: 'sessions' });
  // Late-bound: the counter and the service call each other.
  // eslint-disable-next-line prefer-const -- assigned once below, after the counter it needs
  let service: SessionsService | undefined;
  const viewers = new ViewerCounter({
    redis: core.redis,
    prefix: core.config.redis.prefix,
    serverId: randomUUID(),
    intervalMs: core.config.qa.viewerCountIntervalMs,
    sampleEveryMs: ATTENDANCE_SAMPLE_MS,
    isLive: (id) => service!.isLive(id),
    onLead: (r) => service!.onLead(r),
    onLocal: (id, live, actors) => service!.onLocal(id, live, actors),
    log,
  });
  // The newest count replaces any pending one; it rides on the room's next frame, or goes after one interval.
  const viewerPart = core.live.part('viewers', { waitMs: core.config.qa.viewerCountIntervalMs, merge: (_pending, next: ViewersFramePart) => next });
  service = new SessionsService(core.db, agenda, core.roles, core.io, viewers, viewerPart, log);
  const sessions = service;

  const onState = (state: 'live' | 'ended' | 'cancelled') => async (e: { sessionId: string; at: Date }) => {
    // The transition is already committed; a failure here must not fail the organizer's request.
    await sessions.onStateChanged(e.sessionId, state, e.at).catch((err: unknown) => log.error({ err, sessionId: e.sessionId }, 'session state broadcast failed'));
  };
  const started = onState('live');
  const ended = onState('ended');
  const cancelled = onState('cancelled');
  core.events.on('session.started', started);
  core.events.on('session.ended', ended);
  core.events.on('session.cancelled', cancelled);

  return {
    name: 'sessions',
    service: sessions,
    routes: (api) => sessionsRoutes(api, sessions),
    ...sessionHandlers(sessions, log),
    async close() {
      core.events.off('session.started', started);
      core.events.off('session.ended', ended);
      core.events.off('session.cancelled', cancelled);
      await viewers.close();
    },
  };
}
