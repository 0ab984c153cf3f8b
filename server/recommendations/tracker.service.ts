import { AppError } from '../../common/errors';
import type { TrackerItemView, TrackerPatch, TrackerTallies, TrackerView } from '../../common/recs.contract';
import type { Lang } from '../../common/base';
import { trackerFeed } from './tracker.feed';
import { monthlyTallies } from './tracker.months';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../../platform/db';
import { toCsv } from '../../platform/csv';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import * as compileRepo from './compile.repo';
import * as repo from './tracker.repo';

export interface TrackerDeps {
  db: Db;
  agenda: AgendaService;
  roles: RolesService;
  audit: AuditService;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * What became of each recommendation of the forum-wide set. Organizers set status,
 * responsible body, deadline and notes (audited, with a public history); everyone may
 * read the tracker of the newest published forum-wide set once there is one.
 */
export class TrackerService {
  constructor(private readonly d: TrackerDeps) {}

  private async readable(actor: Actor, forumIdOrSlug: string) {
    const forum = await this.d.agenda.forum(forumIdOrSlug);
    const organizer = await this.d.roles.has(actor, 'organizer', { forumId: forum.id });
    const published = await compileRepo.latestDone(this.d.db, { scope: 'forum', forumId: forum.id, sessionId: null }, true);
    if (!organizer && !published) throw new AppError('forbidden', 'the tracker opens when the forum-wide recommendations are published');
    const latest = organizer ? await compileRepo.latestDone(this.d.db, { scope: 'forum', forumId: forum.id, sessionId: null }, false) : published;
    // Organizers work on the newest set; everyone else sees the newest published one, never a later draft.
    return { forum, revision: latest?.revision ?? null, publicSet: organizer ? null : published!.id };
  }

  /** Atom feed of a forum's tracker (every item) or of one item; the same reading rule as the tracker. */
  async feed(actor: Actor, target: { forum: string } | { itemId: string }, lang: Lang | undefined, origin: string, self: string): Promise<string> {
    const { forumId, items } =
      'forum' in target ? await this.view(actor, target.forum) : await this.item(actor, target.itemId).then((r) => ({ forumId: r.forumId, items: [r.item] }));
    const forum = await this.d.agenda.forum(forumId);
    return trackerFeed({ forum, lang: lang ?? forum.languages[0]!, origin, self }, items, !('forum' in target));
  }

  /** One item of the tracker with its history, under the same reading rule as the whole tracker. */
  async item(actor: Actor, itemId: string): Promise<{ forumId: string; item: TrackerItemView }> {
    const found = await repo.findItem(this.d.db, itemId);
    if (!found) throw new AppError('not_found', 'no such tracker item');
    const v = await this.view(actor, found.forum_id);
    const item = v.items.find((i) => i.id === itemId);
    if (!item) throw new AppError('not_found', 'this item is not in the forum-wide set you can see');
    return { forumId: v.forumId, item };
  }

  /** Tallies ("of 53 items, 18 executed, 35 in progress") and every current item with its history. */
  async view(actor: Actor, forumIdOrSlug: string): Promise<TrackerView> {
    const { forum, revision, publicSet } = await this.readable(actor, forumIdOrSlug);
    const rows = publicSet ? await repo.setItems(this.d.db, publicSet) : await repo.currentItems(this.d.db, forum.id);
    const history = await repo.historyOf(this.d.db, rows.map((r) => r.id));
    const items: TrackerItemView[] = rows.map((r) => ({
      id: r.id,
      number: r.number,
      text: r.text,
      lang: r.lang,
      addressee: r.addressee,
      support: r.support,
      sessionIds: r.session_ids,
      status: r.status,
      responsibleBody: r.responsible_body,
      deadline: r.deadline,
      updatedAt: iso(r.updated_at),
      createdAt: iso(r.created_at),
      history: history
        .filter((h) => h.item_id === r.id)
        .map((h) => ({ at: iso(h.at), status: h.status, responsibleBody: h.responsible_body, deadline: h.deadline, note: h.note })),
    }));
    const tallies: TrackerTallies = { total: items.length, new: 0, accepted: 0, in_progress: 0, executed: 0, rejected: 0 };
    for (const it of items) tallies[it.status]++;
    return { forumId: forum.id, revision, tallies, monthly: monthlyTallies(items, forum.timeZone, new Date()), items };
  }

  /** The tracker as a spreadsheet: one row per item with its latest note. */
  async csv(actor: Actor, forumIdOrSlug: string): Promise<{ csv: string; slug: string }> {
    const v = await this.view(actor, forumIdOrSlug);
    const forum = await this.d.agenda.forum(v.forumId);
    const csv = toCsv(
      ['number', 'text', 'lang', 'addressee', 'support', 'status', 'responsible_body', 'deadline', 'updated_at', 'last_note', 'session_ids', 'id'],
      v.items.map((i) => [
        i.number,
        i.text,
        i.lang,
        i.addressee,
        i.support,
        i.status,
        i.responsibleBody,
        i.deadline,
        i.updatedAt,
        [...i.history].reverse().find((h) => h.note)?.note ?? null,
        i.sessionIds.join(' '),
        i.id,
      ]),
    );
    return { csv, slug: forum.slug };
  }

  /** Organizers change an item; the change and its note join the public history and the audit trail together. */
  async update(actor: Actor, itemId: string, patch: TrackerPatch): Promise<TrackerItemView> {
    const found = await repo.findItem(this.d.db, itemId);
    if (!found) throw new AppError('not_found', 'no such tracker item');
    await this.d.roles.require(actor, 'organizer', { forumId: found.forum_id });
    await this.d.db.tx(async (q) => {
      const r = (await repo.findItem(q, itemId, true))!;
      if (!r.current) throw new AppError('invalid_state', 'this item is no longer in the current forum-wide set');
      const next = {
        status: patch.status ?? r.status,
        responsibleBody: patch.responsibleBody !== undefined ? patch.responsibleBody : r.responsible_body,
        deadline: patch.deadline !== undefined ? patch.deadline : r.deadline,
      };
      await repo.updateItem(q, r.id, next);
      await repo.insertHistory(q, { itemId: r.id, actorId: actor.id, ...next, note: patch.note ?? null });
      await this.d.audit.record(q, {
        actor,
        forumId: r.forum_id,
        domain: 'tracker',
        action: 'tracker.update',
        targetId: r.id,
        reason: patch.note ?? null,
        details: { number: r.number, before: { status: r.status, responsibleBody: r.responsible_body, deadline: r.deadline }, after: next },
      });
    });
    const v = await this.view(actor, found.forum_id);
    return v.items.find((i) => i.id === itemId)!;
  }
}
