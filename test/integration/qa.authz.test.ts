import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents } from '../../common/events';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession, invited } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { connect, joined, liveSession, ok, record, refused, type QaSocket } from './qa.support';

const harness = withTestApp();
const { track } = harness;

let sessionId: string;
let pendingId: string;
let approvedId: string;
let otherApprovedId: string;
let orgOfOtherForum: Client;
const as: Record<'citizen' | 'otherSessionModerator' | 'otherSessionSpeaker' | 'speaker' | 'otherForumOrganizer', QaSocket> = {} as never;

beforeAll(async () => {
  const app = harness.app();
  const live = await liveSession(app);
  sessionId = live.sessionId;
  // A second session of the same forum, with its own moderator and speaker.
  const other = await live.fx.org.post(`/api/forums/${live.fx.forum.id}/sessions`, {
    platformId: live.fx.platform.id,
    title: { ru: 'Другая сессия' },
    startsAt: '2026-11-24T05:00:00Z',
    endsAt: '2026-11-24T07:00:00Z',
  });
  const otherFx = { ...live.fx, session: other.data };
  const mod = track(await joined(app, sessionId, live.moderator));
  const asker = track(await joined(app, sessionId, await citizen(app)));
  const asker2 = track(await joined(app, sessionId, await citizen(app)));
  pendingId = (await ok(asker, 'qa:ask', { sessionId, text: 'Pending', lang: 'en' })).id;
  approvedId = (await ok(asker, 'qa:ask', { sessionId, text: 'Approved', lang: 'en' })).id;
  otherApprovedId = (await ok(asker2, 'qa:ask', { sessionId, text: 'Approved too', lang: 'en' })).id;
  await ok(mod, 'qa:approve', { questionId: approvedId });
  await ok(mod, 'qa:approve', { questionId: otherApprovedId });
  orgOfOtherForum = (await forumWithSession(app)).org;

  as.citizen = track(await joined(app, sessionId, await citizen(app)));
  as.otherSessionModerator = track(await joined(app, sessionId, await invited(app, otherFx, 'moderator', other.data.id)));
  as.otherSessionSpeaker = track(await joined(app, sessionId, await invited(app, otherFx, 'speaker', other.data.id)));
  as.speaker = track(await joined(app, sessionId, live.speaker));
  as.otherForumOrganizer = track(await joined(app, sessionId, orgOfOtherForum));
});

type Case = [keyof ClientToServerEvents, () => Record<string, unknown>];
const MODERATOR_ACTIONS: Case[] = [
  ['qa:queue', () => ({ sessionId })],
  ['qa:inspect', () => ({ questionId: pendingId })],
  ['qa:approve', () => ({ questionId: pendingId })],
  ['qa:reject', () => ({ questionId: approvedId, reason: 'other' })],
  ['qa:edit', () => ({ questionId: approvedId, text: 'Hijacked' })],
  ['qa:spotlight', () => ({ sessionId, questionId: approvedId })],
  ['qa:spotlight', () => ({ sessionId, questionId: null })],
  ['qa:merge', () => ({ sourceIds: [otherApprovedId], targetId: approvedId })],
  ['qa:premoderation', () => ({ sessionId, enabled: false })],
  ['qa:undo', () => ({ sessionId })],
];
const SPEAKER_ACTIONS: Case[] = [['qa:answered', () => ({ questionId: approvedId })]];

async function unchanged() {
  const app = harness.app();
  const { rows } = await app.core.db.query<{ id: string; status: string; text: string }>(
    'select id, status, text from questions where session_id = $1 order by created_at',
    [sessionId],
  );
  expect(rows.map((r) => [r.status, r.text])).toEqual([
    ['pending', 'Pending'],
    ['approved', 'Approved'],
    ['approved', 'Approved too'],
  ]);
  const audit = await app.core.db.query<{ n: number }>(`select count(*)::int as n from audit_log where session_id = $1 and domain = 'qa'`, [sessionId]);
  expect(audit.rows[0]!.n).toBe(2);
}

describe('moderator actions', () => {
  for (const who of ['citizen', 'otherSessionModerator', 'otherSessionSpeaker', 'speaker', 'otherForumOrganizer'] as const) {
    it.each(MODERATOR_ACTIONS)(`refuses %s by a ${who} with forbidden and changes nothing`, async (event, input) => {
      expect((await refused(as[who], event, input())).code).toBe('forbidden');
      await unchanged();
    });
  }
});

describe('speaker actions', () => {
  for (const who of ['citizen', 'otherSessionModerator', 'otherSessionSpeaker', 'otherForumOrganizer'] as const) {
    it.each(SPEAKER_ACTIONS)(`refuses %s by a ${who} with forbidden and changes nothing`, async (event, input) => {
      expect((await refused(as[who], event, input())).code).toBe('forbidden');
      await unchanged();
    });
  }
});

describe('organizer downloads', () => {
  it.each(['audit.csv', 'attendance'])('refuses %s to citizens, moderators and organizers of another forum with 403', async (what) => {
    const app = harness.app();
    const live = await liveSession(app);
    for (const c of [await citizen(app), live.moderator, live.speaker, orgOfOtherForum]) {
      const r = await c.get(`/api/sessions/${live.sessionId}/${what}`);
      expect(r.status).toBe(403);
      expect(r.data.code).toBe('forbidden');
    }
    expect((await live.fx.org.get(`/api/sessions/${live.sessionId}/${what}`)).status).toBe(200);
  });
});

describe('audit trail', () => {
  it("shows a session's audit trail to its moderators and organizers, newest first, and to nobody else", async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Кім жауап береді?', lang: 'kk' });
    await ok(mod, 'qa:reject', { questionId: q.id, reason: 'off_topic' });
    for (const reader of [live.moderator, live.fx.org]) {
      const r = await reader.get(`/api/sessions/${live.sessionId}/audit`);
      expect(r.status).toBe(200);
      expect(r.data.map((e: { action: string }) => e.action)).toEqual(['question.reject', 'session.start']);
      expect(r.data[0]).toMatchObject({ domain: 'qa', targetId: q.id, reason: 'off_topic' });
    }
    const other = await live.fx.org.post(`/api/forums/${live.fx.forum.id}/sessions`, {
      platformId: live.fx.platform.id,
      title: { ru: 'Соседняя сессия' },
      startsAt: '2026-11-25T05:00:00Z',
      endsAt: '2026-11-25T07:00:00Z',
    });
    const otherModerator = await invited(app, { ...live.fx, session: other.data }, 'moderator', other.data.id);
    for (const c of [await citizen(app), live.speaker, otherModerator, orgOfOtherForum]) {
      const r = await c.get(`/api/sessions/${live.sessionId}/audit`);
      expect(r.status).toBe(403);
      expect(r.data.code).toBe('forbidden');
    }
  });
});

describe('rooms', () => {
  it("gives a moderator of another session no moderator capabilities and none of this session's queue", async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const other = await live.fx.org.post(`/api/forums/${live.fx.forum.id}/sessions`, {
      platformId: live.fx.platform.id,
      title: { en: 'Other' },
      startsAt: '2026-11-25T05:00:00Z',
      endsAt: '2026-11-25T07:00:00Z',
    });
    const stranger = await invited(app, { ...live.fx, session: other.data }, 'moderator', other.data.id);
    const s = track(await connect(app.url, stranger));
    const joinedAs = await ok(s, 'session:join', { sessionId: live.sessionId });
    expect(joinedAs.capabilities).toEqual({ isModerator: false, isSpeaker: false, isOrganizer: false });
    const leaked = record(s, 'qa:queueUpserted');
    const realMod = track(await joined(app, live.sessionId, live.moderator));
    const seen = new Promise((resolve) => realMod.once('qa:queueUpserted', resolve));
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Secret queue item', lang: 'en' });
    await seen;
    // The stranger's socket is served by the same process and the same broadcast, so by now it would have it.
    await ok(s, 'qa:snapshot', { sessionId: live.sessionId });
    expect(leaked).toEqual([]);
  });
});
