/**
 * Who may run polls: each moderator action, over sockets and over HTTP, refused one by one
 * for a citizen, the session's speaker, a moderator of another session and an organizer of
 * another forum; hidden results and drafts never reach them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents } from '../../common/events';
import { PollsSnapshot } from '../../common/polls.contract';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession, invited } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { joined, liveSession, ok, onFrames, refused, type QaSocket } from './qa.support';
import { allSee, follow, OPTIONS, QUESTION } from './polls.support';

const harness = withTestApp();
const { track } = harness;

let sessionId: string;
let draftId: string;
let openId: string;
let hiddenId: string;
let closedId: string;
let mod: QaSocket;
type Who = 'citizen' | 'speaker' | 'otherSessionModerator' | 'otherForumOrganizer';
const clients = {} as Record<Who, Client>;
const as = {} as Record<Who, QaSocket>;
const WHO: Who[] = ['citizen', 'speaker', 'otherSessionModerator', 'otherForumOrganizer'];
const content = { kind: 'single', question: QUESTION, options: OPTIONS, hideResults: false } as const;

beforeAll(async () => {
  const app = harness.app();
  const live = await liveSession(app);
  sessionId = live.sessionId;
  const other = await live.fx.org.post(`/api/forums/${live.fx.forum.id}/sessions`, { platformId: live.fx.platform.id, title: { ru: 'Другая сессия' }, startsAt: '2026-11-24T05:00:00Z', endsAt: '2026-11-24T07:00:00Z' });
  mod = track(await joined(app, sessionId, live.moderator));
  draftId = (await ok(mod, 'poll:create', { sessionId, ...content })).id;
  openId = (await ok(mod, 'poll:open', { pollId: (await ok(mod, 'poll:create', { sessionId, ...content })).id })).id;
  hiddenId = (await ok(mod, 'poll:open', { pollId: (await ok(mod, 'poll:create', { sessionId, ...content, hideResults: true })).id })).id;
  closedId = (await ok(mod, 'poll:open', { pollId: (await ok(mod, 'poll:create', { sessionId, ...content })).id })).id;
  await ok(mod, 'poll:close', { pollId: closedId });

  clients.citizen = await citizen(app);
  clients.speaker = live.speaker;
  clients.otherSessionModerator = await invited(app, { ...live.fx, session: other.data }, 'moderator', other.data.id);
  clients.otherForumOrganizer = (await forumWithSession(app)).org;
  for (const w of WHO) as[w] = track(await joined(app, sessionId, clients[w]));
});

type Case = [keyof ClientToServerEvents, () => Record<string, unknown>];
const SOCKET_ACTIONS: Case[] = [
  ['poll:create', () => ({ sessionId, ...content })],
  ['poll:update', () => ({ pollId: draftId, ...content, hideResults: true })],
  ['poll:delete', () => ({ pollId: draftId })],
  ['poll:open', () => ({ pollId: draftId })],
  ['poll:open', () => ({ pollId: closedId })],
  ['poll:close', () => ({ pollId: openId })],
];
const HTTP_ACTIONS: [string, string, () => string, unknown][] = [
  // Bodies and paths are read when the test runs, once the ids exist.
  ['POST', '/api/polls', () => '/api/polls', () => ({ sessionId, ...content })],
  ['PUT', '/api/polls/:draft', () => `/api/polls/${draftId}`, { ...content, hideResults: true }],
  ['DELETE', '/api/polls/:draft', () => `/api/polls/${draftId}`, undefined],
  ['POST', '/api/polls/:draft/open', () => `/api/polls/${draftId}/open`, {}],
  ['POST', '/api/polls/:closed/open', () => `/api/polls/${closedId}/open`, {}],
  ['POST', '/api/polls/:open/close', () => `/api/polls/${openId}/close`, {}],
];

async function unchanged() {
  const app = harness.app();
  const { rows } = await app.core.db.query<{ id: string; state: string; hide_results: boolean }>('select id, state, hide_results from polls where session_id = $1 order by number', [sessionId]);
  expect(rows).toEqual([
    { id: draftId, state: 'draft', hide_results: false },
    { id: openId, state: 'open', hide_results: false },
    { id: hiddenId, state: 'open', hide_results: true },
    { id: closedId, state: 'closed', hide_results: false },
  ]);
  const audit = await app.core.db.query<{ n: number }>(`select count(*)::int as n from audit_log where session_id = $1 and domain = 'polls'`, [sessionId]);
  expect(audit.rows[0]!.n).toBe(8);
}

describe('poll authorization', () => {
  for (const who of WHO) {
    for (const [event, input] of SOCKET_ACTIONS) {
      it(`refuses ${event} (${event === 'poll:open' && SOCKET_ACTIONS.filter((c) => c[0] === event).indexOf(SOCKET_ACTIONS.find((c) => c[1] === input)!) ? 'closed' : 'draft'}) from ${who} over the socket`, async () => {
        const e = await refused(as[who], event, input());
        expect(e.code).toBe('forbidden');
        await unchanged();
      });
    }
    for (const [method, label, path, body] of HTTP_ACTIONS) {
      it(`refuses ${method} ${label} from ${who} over HTTP`, async () => {
        const r = await clients[who].request(method, path(), typeof body === 'function' ? (body as () => unknown)() : body);
        expect(r.data).toMatchObject({ code: 'forbidden' });
        expect(r.status).toBe(403);
        expect(r.data).toMatchObject({ code: 'forbidden' });
        await unchanged();
      });
    }
  }

  it('refuses an anonymous caller over HTTP (no cookie yet: a citizen identity, still forbidden)', async () => {
    const app = harness.app();
    const r = await fetch(`${app.url}/api/polls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, ...content }) });
    expect(await r.json()).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(/moderator/) });
    expect(r.status).toBe(403);
    await unchanged();
  });

  it('shows a citizen neither drafts nor the counts of an open poll with hidden results, on the socket, over HTTP, in the CSV or in live frames', async () => {
    const app = harness.app();
    const viewer = as.citizen;
    const frames: unknown[] = [];
    onFrames(viewer, (f) => f.polls && frames.push(f.polls));
    const seen = follow(viewer);
    const voter = track(await joined(app, sessionId, await citizen(app)));
    await ok(voter, 'poll:vote', { pollId: hiddenId, choices: [1] });
    await allSee([seen], hiddenId, (r) => r.voters === 1);
    expect(seen.get(hiddenId)!.counts).toBeNull();
    expect(JSON.stringify(frames)).not.toContain(draftId);

    const listed = await ok(viewer, 'poll:list', { sessionId });
    expect(listed.polls.map((p) => p.id)).toEqual([openId, hiddenId, closedId]);
    expect(listed.polls.find((p) => p.id === hiddenId)!.results).toEqual({ pollId: hiddenId, seq: 0, voters: 1, counts: null });
    const http = PollsSnapshot.parse((await clients.citizen.get(`/api/sessions/${sessionId}/polls`)).data);
    expect(http.polls.map((p) => [p.id, p.results.counts])).toEqual([
      [openId, [0, 0, 0]],
      [hiddenId, null],
      [closedId, [0, 0, 0]],
    ]);
    const csv = ((await clients.citizen.get(`/api/sessions/${sessionId}/polls.csv`)).data as Buffer).toString('utf8');
    expect(csv).not.toContain(draftId);
    const hiddenRows = csv.split('\r\n').filter((l) => l.includes(hiddenId));
    expect(hiddenRows).toHaveLength(3);
    // The votes column is empty; the number of voters is there.
    for (const row of hiddenRows) expect(row).toMatch(/,,1,[^,]*,$/);

    // The moderator sees everything, counts included.
    const modList = await ok(mod, 'poll:list', { sessionId });
    expect(modList.polls.map((p) => p.id)).toEqual([draftId, openId, hiddenId, closedId]);
    expect(modList.polls.find((p) => p.id === hiddenId)!.results.counts).toEqual([0, 1, 0]);
  });
});
