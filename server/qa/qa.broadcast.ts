import type { RankingUpdate } from '../../common/qa.contract';
import { rooms, type AppServer } from '../realtime/socket';
import type { Plan } from './qa.plan';

/**
 * Sends planned changes to their rooms, numbering them with the versions the transaction
 * reserved. Each `io.to(room).emit` is serialized once for the whole room and goes to the
 * other server processes through the Redis streams adapter.
 */
export class QaBroadcaster {
  constructor(private readonly io: AppServer) {}

  /** `publicFrom`/`queueFrom`: the versions before this change (the first event gets +1). */
  publish(sessionId: string, plan: Plan, publicFrom: number, queueFrom: number): void {
    const viewers = this.io.to(rooms.session(sessionId));
    let version = publicFrom;
    for (const c of plan.public) {
      version += 1;
      switch (c.type) {
        case 'approved':
          viewers.emit('qa:questionApproved', { sessionId, version, question: c.question });
          break;
        case 'updated':
          viewers.emit('qa:questionUpdated', { sessionId, version, question: c.question });
          break;
        case 'removed':
          viewers.emit('qa:questionRemoved', { sessionId, version, questionId: c.questionId, reason: c.reason, mergedInto: c.mergedInto });
          break;
        case 'spotlight':
          viewers.emit('qa:spotlightChanged', { sessionId, version, question: c.question });
          break;
        case 'premoderation':
          viewers.emit('qa:premoderationChanged', { sessionId, version, enabled: c.enabled });
          break;
      }
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

  ranking(update: RankingUpdate): void {
    this.io.to(rooms.session(update.sessionId)).emit('qa:ranking', update);
  }
}
