import type { QaChange, QaFramePart, RankingReading } from '../../common/qa.contract';
import { rooms } from '../../common/rooms';
import type { LiveFrames, LivePart } from '../realtime/live-frames';
import { type AppServer } from '../realtime/socket';
import type { Plan } from './qa.plan';

const concat = <T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined => (a && b ? [...a, ...b] : (a ?? b));

/** Appends a push to what is pending for the room's next frame (changes and readings keep their order). */
export function mergeQaPart(pending: QaFramePart | undefined, next: QaFramePart): QaFramePart {
  const changes = concat(pending?.changes, next.changes);
  const rankings = concat(pending?.rankings, next.rankings);
  return { ...(changes ? { changes } : {}), ...(rankings ? { rankings } : {}) };
}

/**
 * Sends planned changes to their audiences, numbering them with the versions the transaction
 * reserved. Viewers get the public changes and rankings in the room's live frame; the
 * moderators' queue and the authors' own questions go to their small rooms directly.
 */
export class QaBroadcaster {
  private readonly changes: LivePart<QaFramePart>;
  private readonly rankings: LivePart<QaFramePart>;

  constructor(
    private readonly io: AppServer,
    frames: LiveFrames,
    rankingIntervalMs: number,
  ) {
    this.changes = frames.part('qa', { waitMs: 0, merge: mergeQaPart });
    // A reading may wait one more interval for a frame that goes anyway (an approval, the viewer count).
    this.rankings = frames.part('qa', { waitMs: rankingIntervalMs, merge: mergeQaPart });
  }

  /** `publicFrom`/`queueFrom`: the versions before this change (the first event gets +1). */
  publish(sessionId: string, plan: Plan, publicFrom: number, queueFrom: number): void {
    if (plan.public.length) {
      const changes = plan.public.map((c, i): QaChange => ({ ...c, version: publicFrom + 1 + i }));
      this.changes.push(sessionId, { changes });
    }
    const moderators = this.io.to(rooms.moderators(sessionId));
    let queueVersion = queueFrom;
    for (const c of plan.queue) {
      queueVersion += 1;
      if (c.type === 'upserted') moderators.emit('qa:queueUpserted', { sessionId, queueVersion, question: c.question });
      else moderators.emit('qa:queueRemoved', { sessionId, queueVersion, questionId: c.questionId, status: c.status });
    }
    for (const m of plan.mine) this.io.to(rooms.person(m.authorId)).emit('qa:mine', m.view);
  }

  ranking(sessionId: string, reading: RankingReading): void {
    this.rankings.push(sessionId, { rankings: [reading] });
  }
}
