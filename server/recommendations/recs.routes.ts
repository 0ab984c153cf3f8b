import type { Response } from 'express';
import { z } from 'zod';
import { Id } from '../../common/base';
import {
  COMPILE_CONTENT_TYPES,
  COMPILE_FORMATS,
  CompileFormat,
  CompileRevisionView,
  PublishInput,
  RecList,
  TrackerItemView,
  TrackerPatch,
  TrackerView,
} from '../../common/recs.contract';
import type { Api } from '../http/routes';
import type { CompileService, Download } from './compile.service';
import type { RecsService } from './recs.service';
import type { TrackerService } from './tracker.service';

const ORGANIZERS = 'organizers of the forum';
const Revision = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(1_000_000)]);

function sendFile(res: Response, d: Download) {
  res
    .status(200)
    .type(d.contentType)
    .setHeader('content-disposition', `attachment; filename="${d.filename}"`)
    .setHeader('etag', `"${d.sha256}"`)
    .setHeader('x-content-sha256', d.sha256)
    .setHeader('cache-control', 'private, no-cache')
    .send(d.bytes);
}

export function recsRoutes(api: Api, recs: RecsService, compile: CompileService, tracker: TrackerService) {
  const tags = ['recommendations'];
  const produces = COMPILE_FORMATS.map((f) => COMPILE_CONTENT_TYPES[f]);

  api.route(
    { method: 'get', path: '/sessions/:sessionId/recommendations', summary: "A session's recommendations (moderators also see drafts and hidden ones)", tags, params: z.object({ sessionId: Id }), response: RecList, access: 'anyone' },
    ({ actor, params }) => recs.list(actor, params.sessionId),
  );

  // ---- a session's compilations ----
  api.route(
    { method: 'get', path: '/sessions/:sessionId/compilations', summary: "A session's compilations, newest first (others than organizers see published ones)", tags, params: z.object({ sessionId: Id }), response: z.array(CompileRevisionView), access: 'anyone' },
    async ({ actor, params }) => compile.list(actor, await compile.sessionTarget(params.sessionId)),
  );
  api.route(
    { method: 'post', path: '/sessions/:sessionId/compilations/recompile', summary: 'Compile an ended session again (a new revision if anything changed)', tags, params: z.object({ sessionId: Id }), response: CompileRevisionView, status: 202, access: ORGANIZERS },
    ({ actor, params }) => compile.recompileSession(actor, params.sessionId),
  );
  api.route(
    {
      method: 'get',
      path: '/sessions/:sessionId/compilations/:revision/:format',
      summary: 'Download a compilation (revision number or `latest`) as pdf, docx, md, csv or json',
      tags,
      params: z.object({ sessionId: Id, revision: Revision, format: CompileFormat }),
      produces,
      access: 'organizers; anyone once published',
    },
    async ({ actor, params, res }) => sendFile(res, await compile.download(actor, await compile.sessionTarget(params.sessionId), params.revision, params.format)),
  );
  api.route(
    { method: 'put', path: '/sessions/:sessionId/compilations/:revision/published', summary: 'Publish or withdraw a session compilation', tags, params: z.object({ sessionId: Id, revision: z.coerce.number().int().min(1) }), body: PublishInput, response: CompileRevisionView, access: ORGANIZERS },
    async ({ actor, params, body }) => compile.publish(actor, await compile.sessionTarget(params.sessionId), params.revision, body.published),
  );

  // ---- the forum-wide set ----
  api.route(
    { method: 'get', path: '/forums/:forumId/compilations', summary: 'Forum-wide sets of recommendations, newest first', tags, params: z.object({ forumId: Id }), response: z.array(CompileRevisionView), access: 'anyone' },
    async ({ actor, params }) => compile.list(actor, await compile.forumTarget(params.forumId)),
  );
  api.route(
    { method: 'post', path: '/forums/:forumId/compilations', summary: "Merge every ended session's latest compilation into one numbered set, by addressee", tags, params: z.object({ forumId: Id }), response: CompileRevisionView, status: 202, access: ORGANIZERS },
    ({ actor, params }) => compile.compileForum(actor, params.forumId),
  );
  api.route(
    { method: 'get', path: '/forums/:forumId/compilations/overview', summary: "Every compilation of the forum's sessions and of the forum", tags, params: z.object({ forumId: Id }), response: z.array(CompileRevisionView), access: ORGANIZERS },
    ({ actor, params }) => compile.forumOverview(actor, params.forumId),
  );
  api.route(
    { method: 'get', path: '/forums/:forumId/compilations/:revision/:format', summary: 'Download a forum-wide set', tags, params: z.object({ forumId: Id, revision: Revision, format: CompileFormat }), produces, access: 'organizers; anyone once published' },
    async ({ actor, params, res }) => sendFile(res, await compile.download(actor, await compile.forumTarget(params.forumId), params.revision, params.format)),
  );
  api.route(
    { method: 'put', path: '/forums/:forumId/compilations/:revision/published', summary: 'Publish or withdraw a forum-wide set', tags, params: z.object({ forumId: Id, revision: z.coerce.number().int().min(1) }), body: PublishInput, response: CompileRevisionView, access: ORGANIZERS },
    async ({ actor, params, body }) => compile.publish(actor, await compile.forumTarget(params.forumId), params.revision, body.published),
  );

  // ---- tracker ----
  const forumParam = z.object({ forum: z.string().min(1).max(80) });
  api.route(
    { method: 'get', path: '/forums/:forum/tracker', summary: 'What became of each recommendation: tallies, items and their history (by forum id or slug)', tags: ['tracker'], params: forumParam, response: TrackerView, access: 'anyone once the forum-wide set is published; organizers always' },
    ({ actor, params }) => tracker.view(actor, params.forum),
  );
  api.route(
    { method: 'get', path: '/forums/:forum/tracker.csv', summary: 'The tracker as CSV (UTF-8 with BOM)', tags: ['tracker'], params: forumParam, produces: ['text/csv'], access: 'anyone once the forum-wide set is published; organizers always' },
    async ({ actor, params, res }) => {
      const { csv, slug } = await tracker.csv(actor, params.forum);
      res.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="birge-${slug}-tracker.csv"`).send(csv);
    },
  );
  api.route(
    { method: 'patch', path: '/tracker/:itemId', summary: "Change an item's status, responsible body or deadline, with a progress note", tags: ['tracker'], params: z.object({ itemId: Id }), body: TrackerPatch, response: TrackerItemView, access: ORGANIZERS },
    ({ actor, params, body }) => tracker.update(actor, params.itemId, body),
  );
}
