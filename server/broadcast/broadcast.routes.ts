import { z } from 'zod';
import { BROADCAST_ROUTES as R } from '../../common/broadcast.contract';
import { Id } from '../../common/base';
import type { Api } from '../http/routes';
import type { BroadcastService } from './broadcast.service';
import { MEDIA_TYPES, MediaQuery } from './media.routes';
import type { RecordingsService } from './recordings.service';

const ORGANIZERS = 'organizers of the forum';

export function broadcastRoutes(api: Api, broadcast: BroadcastService, recordings: RecordingsService) {
  const tags = ['broadcast'];
  api.route({ ...R.liveFeed, summary: 'The live HLS feed of a session (null while no program runs)', tags, access: 'anyone' }, async ({ params }) => broadcast.liveFeed(params.sessionId));
  api.route({ ...R.recording, summary: "A session's recording: replay, MP4, poster, chapters", tags, access: 'anyone once published; organizers always' }, ({ actor, params }) =>
    recordings.view(actor, params.sessionId),
  );
  api.route({ ...R.patchRecording, summary: 'Turn recording off (before the start), publish or unpublish, trim', tags, access: ORGANIZERS }, ({ actor, params, body }) =>
    recordings.patch(actor, params.sessionId, body),
  );
  api.route({ ...R.deleteRecording, summary: "Delete a session's recording (files removed, audited)", tags, access: ORGANIZERS }, ({ actor, params }) => recordings.remove(actor, params.sessionId));
  api.route({ ...R.replays, summary: 'Published recordings of a forum (sessions that can be watched again)', tags, access: 'anyone' }, ({ params }) => recordings.replays(params.forumId));
  api.route({ ...R.settings, summary: 'Whether recordings are published when their session ends', tags, access: 'anyone' }, ({ params }) => recordings.forumSettings(params.forumId));
  api.route({ ...R.setSettings, summary: 'Set whether recordings are published when their session ends', tags, access: ORGANIZERS }, ({ actor, params, body }) =>
    recordings.setForumSettings(actor, params.forumId, body),
  );
  api.route({ ...R.status, summary: "Organizers' view: every recording of the forum and whether the media disk has room", tags, access: ORGANIZERS }, async ({ actor, params }) => ({
    diskFull: broadcast.diskFull,
    freeBytes: broadcast.freeBytes,
    minFreeBytes: broadcast.minFreeBytes,
    recordings: await recordings.forumRecordings(actor, params.forumId),
  }));
  // Served outside /api (see media.routes.ts); listed here so the document tells the whole story.
  api.external({
    method: 'get',
    path: '/media/sessions/:sessionId/:file',
    summary: 'HLS playlists and segments of the live feed; recording files (vod.m3u8, recording.mp4, poster.jpg, chapters.vtt)',
    description:
      'Segments are immutable (Cache-Control: public, max-age=31536000, s-maxage=60, immutable); live playlists max-age=1; a 400 or 404 is no-store. `?download` on recording.mp4 answers it as an attachment. Byte ranges are supported. Live media playlists (main.m3u8, audio-<lang>.m3u8, subs-<lang>.m3u8) say EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES: with `?_HLS_msn=N` (blocking playlist reload) the answer waits until segment N is listed, at most three target durations; N beyond the segment after next is a 400.',
    access: 'anyone while the session is live (live files) and once its recording is published; organizers before',
    tags,
    params: z.object({ sessionId: Id, file: z.string() }),
    query: MediaQuery,
    responses: {
      200: { description: 'the file', content: Object.fromEntries(Object.values(MEDIA_TYPES).map((t) => [t, null])) },
      206: { description: 'a byte range of the file' },
      400: { description: 'problem+json (RFC 9457): a name that is not a media file' },
      404: { description: 'problem+json (RFC 9457): nothing the caller may see' },
    },
  });
}
