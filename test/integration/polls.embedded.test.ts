/**
 * The polls' SQL must run on the embedded store (PGlite) exactly as on PostgreSQL: the vote's
 * single statement (a FOR SHARE CTE and an upsert), smallint[] choices, jsonb options with
 * ordinality, the tally over unnest, and the close inside the session's end.
 */
import { describe, expect, it } from 'vitest';
import { withEmbeddedApp } from '../helpers/embedded-app';
import { citizen } from '../helpers/factories';
import { joined, liveSession, ok, refused } from './qa.support';
import { openPoll } from './polls.support';

const harness = withEmbeddedApp('polls');
const { track } = harness;

describe('polls on the embedded store', () => {
  it('creates, opens, takes and changes votes, counts, hides, closes with the session and exports as on PostgreSQL', async () => {
    const t = harness.app();
    const live = await liveSession(t);
    const mod = track(await joined(t, live.sessionId, live.moderator));
    const a = track(await joined(t, live.sessionId, await citizen(t)));
    const b = track(await joined(t, live.sessionId, await citizen(t)));
    const single = await openPoll(mod, live.sessionId, { hideResults: true });
    const multiple = await openPoll(mod, live.sessionId, { kind: 'multiple' });
    expect((await ok(a, 'poll:vote', { pollId: single.id, choices: [0] })).changed).toBe(true);
    expect((await ok(a, 'poll:vote', { pollId: single.id, choices: [0] })).changed).toBe(false);
    expect((await ok(a, 'poll:vote', { pollId: single.id, choices: [2] })).changed).toBe(true);
    await ok(b, 'poll:vote', { pollId: single.id, choices: [2] });
    await ok(b, 'poll:vote', { pollId: multiple.id, choices: [2, 0] });

    const seen = await ok(a, 'poll:list', { sessionId: live.sessionId });
    expect(seen.polls.map((p) => [p.number, p.results.voters, p.results.counts, p.myChoices])).toEqual([
      [1, 2, null, [2]],
      [2, 1, [1, 0, 1], null],
    ]);
    const all = await ok(mod, 'poll:list', { sessionId: live.sessionId });
    expect(all.polls[0]!.results.counts).toEqual([0, 0, 2]);

    expect((await live.fx.org.post(`/api/sessions/${live.sessionId}/end`)).status).toBe(200);
    expect((await refused(b, 'poll:vote', { pollId: multiple.id, choices: [1] })).code).toBe('invalid_state');
    const after = await ok(a, 'poll:list', { sessionId: live.sessionId });
    expect(after.polls.map((p) => [p.state, p.results.counts])).toEqual([
      ['closed', [0, 0, 2]],
      ['closed', [1, 0, 1]],
    ]);
    const csv = ((await live.fx.org.get(`/api/sessions/${live.sessionId}/polls.csv`)).data as Buffer).toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 3 + 3);
  });
});
