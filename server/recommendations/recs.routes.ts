import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { COMPILE_CONTENT_TYPES, COMPILE_FORMATS, RECS_ROUTES as R } from '../../common/recs.contract';
import { Compilation } from '../../common/compilation.contract';
import type { Api } from '../http/routes';
import type { CompileService, Download } from './compile.service';
import type { RecsService } from './recs.service';
import type { TrackerService } from './tracker.service';

const ORGANIZERS = 'organizers of the forum';
const CSV = 'text/csv; charset=utf-8';

/**
 * Streams a compiled file out of the store slice by slice, so a large set never sits whole in
 * memory; a client that holds this version already (If-None-Match) gets 304 and nothing is read.
 */
async function sendFile(req: Request, res: Response, d: Download): Promise<void> {
  res
    .status(200)
    .type(d.contentType)
    .setHeader('content-disposition', `attachment; filename="${d.filename}"`)
    .setHeader('etag', `"${d.sha256}"`)
    .setHeader('x-content-sha256', d.sha256)
    .setHeader('cache-control', 'private, no-cache');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.setHeader('content-length', String(d.size));
  try {
    await pipeline(Readable.from(d.slices()), res);
  } catch (e) {
    // The reader went away mid-download: nobody is left to answer.
    if ((e as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw e;
  }
}

export function recsRoutes(api: Api, recs: RecsService, compile: CompileService, tracker: TrackerService) {
  const tags = ['recommendations'];
  const produces = COMPILE_FORMATS.map((f) => COMPILE_CONTENT_TYPES[f]);
  // The JSON format is the compilation itself; its schema is the contract's.
  const schemas = { [COMPILE_CONTENT_TYPES.json]: Compilation };

  api.route({ ...R.list, summary: "A session's recommendations (moderators also see drafts and hidden ones)", tags, access: 'anyone' }, ({ actor, params }) => recs.list(actor, params.sessionId));

  // ---- a session's compilations ----
  api.route({ ...R.sessionCompilations, summary: "A session's compilations, newest first (others than organizers see published ones)", tags, access: 'anyone' }, async ({ actor, params }) =>
    compile.list(actor, await compile.sessionTarget(params.sessionId)),
  );
  api.route({ ...R.recompileSession, summary: 'Compile an ended session again (a new revision if anything changed)', tags, status: 202, access: ORGANIZERS }, ({ actor, params }) =>
    compile.recompileSession(actor, params.sessionId),
  );
  api.route(
    { ...R.sessionDownload, summary: 'Download a compilation (revision number or `latest`) as pdf, docx, md, csv or json', tags, produces, schemas, access: 'organizers; anyone once published' },
    async ({ actor, params, req, res }) => sendFile(req, res, await compile.download(actor, await compile.sessionTarget(params.sessionId), params.revision, params.format)),
  );
  api.route({ ...R.publishSession, summary: 'Publish or withdraw a session compilation', tags, access: ORGANIZERS }, async ({ actor, params, body }) =>
    compile.publish(actor, await compile.sessionTarget(params.sessionId), params.revision, body.published),
  );

  // ---- the forum-wide set ----
  api.route({ ...R.forumCompilations, summary: 'Forum-wide sets of recommendations, newest first', tags, access: 'anyone' }, async ({ actor, params }) =>
    compile.list(actor, await compile.forumTarget(params.forumId)),
  );
  api.route(
    { ...R.compileForum, summary: "Merge every ended session's latest compilation into one numbered set, by addressee (default) or by consensus", tags, status: 202, access: ORGANIZERS },
    ({ actor, params, body }) => compile.compileForum(actor, params.forumId, body.ordering),
  );
  api.route({ ...R.overview, summary: "Every compilation of the forum's sessions and of the forum", tags, access: ORGANIZERS }, ({ actor, params }) => compile.forumOverview(actor, params.forumId));
  api.route({ ...R.forumDownload, summary: 'Download a forum-wide set', tags, produces, schemas, access: 'organizers; anyone once published' }, async ({ actor, params, req, res }) =>
    sendFile(req, res, await compile.download(actor, await compile.forumTarget(params.forumId), params.revision, params.format)),
  );
  api.route({ ...R.publishForum, summary: 'Publish or withdraw a forum-wide set', tags, access: ORGANIZERS }, async ({ actor, params, body }) =>
    compile.publish(actor, await compile.forumTarget(params.forumId), params.revision, body.published),
  );

  // ---- tracker ----
  const trackerAccess = 'anyone once a forum-wide set is published (they see the newest published set); organizers always (the newest compiled set)';
  api.route({ ...R.tracker, summary: 'What became of each recommendation: tallies, items and their history (by forum id or slug)', tags: ['tracker'], access: trackerAccess }, ({ actor, params }) =>
    tracker.view(actor, params.forum),
  );
  api.route({ ...R.trackerCsv, summary: 'The tracker as CSV (UTF-8 with BOM)', tags: ['tracker'], produces: [CSV], access: trackerAccess }, async ({ actor, params, res }) => {
    const { csv, slug } = await tracker.csv(actor, params.forum);
    res.status(200).type(CSV).setHeader('content-disposition', `attachment; filename="birge-${slug}-tracker.csv"`).send(csv);
  });
  api.route({ ...R.updateItem, summary: "Change an item's status, responsible body or deadline, with a progress note", tags: ['tracker'], access: ORGANIZERS }, ({ actor, params, body }) =>
    tracker.update(actor, params.itemId, body),
  );
}
