import { CAPTIONS_ROUTES as R, TRANSCRIPT_CONTENT_TYPES } from '../../common/captions.contract';
import type { Api } from '../http/routes';
import type { CaptionsService } from './captions.service';

const tags = ['captions'];
const READERS = 'organizers of the forum; anyone once published';

export function captionsRoutes(api: Api, captions: CaptionsService) {
  api.route(
    { ...R.transcripts, summary: "A session's caption transcripts: lines per language, and whether they are published", tags, access: READERS },
    ({ actor, params }) => captions.transcripts(actor, params.sessionId),
  );
  api.route(
    {
      ...R.transcript,
      summary: 'Download one language of the captions as WebVTT (times from the session going live) or as a timed text transcript',
      tags,
      produces: Object.values(TRANSCRIPT_CONTENT_TYPES),
      access: READERS,
    },
    async ({ actor, params, res }) => {
      const t = await captions.transcript(actor, params.sessionId, params.lang, params.format);
      res.status(200).type(t.type).setHeader('content-disposition', `attachment; filename="${t.filename}"`).send(t.body);
    },
  );
  api.route(
    { ...R.publish, summary: 'Publish or withdraw the caption transcripts of a session', tags, access: 'organizers of the forum' },
    ({ actor, params, body }) => captions.publish(actor, params.sessionId, body.published),
  );
}
