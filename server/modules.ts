import { createAgendaModule } from './agenda/agenda.module';
import { createAuditModule } from './audit/audit.module';
import { createBroadcastModule } from './broadcast/broadcast.module';
import type { BroadcastService } from './broadcast/broadcast.service';
import type { RecordingsService } from './broadcast/recordings.service';
import type { AgendaService } from './agenda/agenda.service';
import { createCaptionsModule } from './captions/captions.module';
import type { CaptionsService } from './captions/captions.service';
import type { Core, DomainModule } from './core';
import { createFloorModule } from './floor/floor.module';
import type { FloorService } from './floor/floor.service';
import { createOrganizationsModule } from './organizations/organizations.module';
import type { OrganizationsService } from './organizations/organizations.service';
import { createInterpretationModule } from './interpretation/interpretation.module';
import { feedRenditions } from './interpretation/renditions';
import type { InterpretationService } from './interpretation/interpretation.service';
import { createPollsModule } from './polls/polls.module';
import type { PollsService } from './polls/polls.service';
import { createQaModule } from './qa/qa.module';
import type { CompileService } from './recommendations/compile.service';
import { createRecsModule } from './recommendations/recs.module';
import type { RatingsService } from './recommendations/ratings.service';
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
  interpretation: InterpretationService;
  captions: CaptionsService;
  polls: PollsService;
  sessions: SessionsService;
  qa: QaService;
  qaModeration: ModerationService;
  recs: RecsService;
  compile: CompileService;
  tracker: TrackerService;
  broadcast: BroadcastService;
  recordings: RecordingsService;
  organizations: OrganizationsService;
  ratings: RatingsService;
  floor: FloorService;
}

/**
 * Builds the domain modules in dependency order; a later module receives the services
 * of earlier ones explicitly (a domain calls another's service, never its repository).
 */
export async function createModules(core: Core): Promise<{ modules: DomainModule[]; services: Services }> {
  const agenda = createAgendaModule(core);
  const sessions = createSessionsModule(core, agenda.service);
  const organizations = createOrganizationsModule(core, { agenda: agenda.service, sessions: sessions.service });
  const qa = createQaModule(core, sessions.service);
  const streaming = await createStreamingModule(core, { agenda: agenda.service });
  const interpretation = createInterpretationModule(core, { agenda: agenda.service, streaming: streaming.service });
  const captions = createCaptionsModule(core, { agenda: agenda.service });
  const floor = createFloorModule(core, { agenda: agenda.service, organizations: organizations.service, streaming: streaming.service });
  const polls = createPollsModule(core, { agenda: agenda.service });
  const recs = await createRecsModule(core, {
    agenda: agenda.service,
    qa: qa.service,
    sessions: sessions.service,
    organizations: organizations.service,
    languages: { interpreted: (ids) => interpretation.service.interpreted(ids), captioned: (ids) => captions.service.captioned(ids) },
    floor: { turns: (ids) => floor.service.turns(ids) },
    polls: polls.service,
  });
  const broadcast = await createBroadcastModule(core, { agenda: agenda.service, streaming: streaming.service, qa: qa.service, supervisor: recs.supervisor });
  // The languages join the program feed once both exist.
  feedRenditions({ channels: streaming.service.channels, captions: captions.service, broadcast: broadcast.service, log: core.log.child({ module: 'interpretation' }) });
  return {
    // Broadcast after streaming: on shutdown (reverse order) mixers stop before the media workers.
    modules: [agenda, streaming, interpretation, captions, floor, polls, sessions, organizations, qa, createAuditModule(core, sessions.service), recs, broadcast],
    services: {
      agenda: agenda.service,
      streaming: streaming.service,
      interpretation: interpretation.service,
      captions: captions.service,
      polls: polls.service,
      sessions: sessions.service,
      qa: qa.service,
      qaModeration: qa.moderation,
      recs: recs.service,
      compile: recs.compile,
      tracker: recs.tracker,
      broadcast: broadcast.service,
      recordings: broadcast.recordings,
      organizations: organizations.service,
      ratings: recs.ratings,
      floor: floor.service,
    },
  };
}
