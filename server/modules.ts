import { createAgendaModule } from './agenda/agenda.module';
import type { AgendaService } from './agenda/agenda.service';
import type { Core, DomainModule } from './core';
import { createQaModule } from './qa/qa.module';
import type { CompileService } from './recommendations/compile.service';
import { createRecsModule } from './recommendations/recs.module';
import type { RecsService } from './recommendations/recs.service';
import type { TrackerService } from './recommendations/tracker.service';
import type { ModerationService } from './qa/qa.moderation';
import type { QaService } from './qa/qa.service';
import { createSessionsModule } from './sessions/sessions.module';
import type { SessionsService } from './sessions/sessions.service';
import { createStreamingModule } from './streaming/streaming.module';
import type { StreamingService } from './streaming/streaming.service';

/** The domain services, for the composition root, demo loader and tests. */
export interface Services {
  agenda: AgendaService;
  streaming: StreamingService;
  sessions: SessionsService;
  qa: QaService;
  qaModeration: ModerationService;
  recs: RecsService;
  compile: CompileService;
  tracker: TrackerService;
}

/**
 * Builds the domain modules in dependency order; a later module receives the services
 * of earlier ones explicitly (a domain calls another's service, never its repository).
 */
export async function createModules(core: Core): Promise<{ modules: DomainModule[]; services: Services }> {
  const agenda = createAgendaModule(core);
  const sessions = createSessionsModule(core, agenda.service);
  const qa = createQaModule(core, sessions.service);
  const streaming = await createStreamingModule(core, { agenda: agenda.service });
  const recs = await createRecsModule(core, { agenda: agenda.service, qa: qa.service, sessions: sessions.service });
  return {
    modules: [agenda, streaming, sessions, qa, recs],
    services: {
      agenda: agenda.service,
      streaming: streaming.service,
      sessions: sessions.service,
      qa: qa.service,
      qaModeration: qa.moderation,
      recs: recs.service,
      compile: recs.compile,
      tracker: recs.tracker,
    },
  };
}
