import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveFrame } from '../../common/live.contract';
import type { QaFramePart } from '../../common/qa.contract';
import { createLogger } from '../../platform/logger';
import { mergeQaPart } from '../../server/qa/qa.broadcast';
import { LiveFrames } from '../../server/realtime/live-frames';

const S = '11111111-1111-4111-8111-111111111111';
const GAP = 50;
const RANKING_WAIT = 250;
const premod = (version: number, enabled = true): QaFramePart => ({ changes: [{ type: 'premoderation', version, enabled }] });
const reading = (seq: number): QaFramePart => ({ rankings: [{ asOf: 0, seq, votes: [] }] });

function setup() {
  const sent: { room: string; frame: LiveFrame }[] = [];
  const frames = new LiveFrames({ to: (room) => ({ emit: (_e, frame) => sent.push({ room, frame }) }) }, { minGapMs: GAP, log: createLogger('silent') });
  const changes = frames.part('qa', { waitMs: 0, merge: mergeQaPart });
  const rankings = frames.part('qa', { waitMs: RANKING_WAIT, merge: mergeQaPart });
  const viewers = frames.part('viewers', { waitMs: 500, merge: (_p, next: { count: number; seq: number }) => next });
  return { sent, frames, changes, rankings, viewers };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('live frames', () => {
  it('sends an urgent change at once, and what follows within the gap together in the next frame', () => {
    const { sent, changes } = setup();
    changes.push(S, premod(1));
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.frame)).toEqual([{ sessionId: S, qa: premod(1) }]);
    changes.push(S, premod(2, false));
    changes.push(S, premod(3));
    vi.advanceTimersByTime(GAP - 2);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(2);
    expect(sent[1]!.frame).toEqual({ sessionId: S, qa: { changes: [...premod(2, false).changes!, ...premod(3).changes!] } });
  });

  it('lets counts wait for a frame that goes anyway, and sends them alone after their wait', () => {
    const { sent, changes, rankings, viewers } = setup();
    rankings.push(S, reading(1));
    viewers.push(S, { count: 3, seq: 1 });
    viewers.push(S, { count: 4, seq: 2 });
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(0);
    changes.push(S, premod(1));
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.frame)).toEqual([{ sessionId: S, qa: { changes: premod(1).changes, rankings: reading(1).rankings }, viewers: { count: 4, seq: 2 } }]);
    rankings.push(S, reading(2));
    vi.advanceTimersByTime(RANKING_WAIT - 1);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent[1]!.frame).toEqual({ sessionId: S, qa: reading(2) });
  });

  it('keeps rooms apart: each audience gets its own frames', () => {
    const { sent, changes } = setup();
    changes.push(S, premod(1));
    changes.push(S, premod(1, false), 'moderators');
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.room).sort()).toEqual([`session:${S}`, `session:${S}:mod`]);
  });

  it('sends what is pending on close and nothing after', () => {
    const { sent, frames, rankings } = setup();
    rankings.push(S, reading(1));
    frames.close();
    frames.close();
    expect(sent.map((s) => s.frame)).toEqual([{ sessionId: S, qa: reading(1) }]);
    rankings.push(S, reading(2));
    vi.advanceTimersByTime(RANKING_WAIT * 2);
    expect(sent).toHaveLength(1);
  });

  it('forgets a quiet room after the gap', () => {
    const { sent, changes } = setup();
    changes.push(S, premod(1));
    vi.advanceTimersByTime(GAP + 1);
    changes.push(S, premod(2));
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(GAP);
    expect(vi.getTimerCount()).toBe(0);
  });
});
