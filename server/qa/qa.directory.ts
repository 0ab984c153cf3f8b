import { AppError } from '../../common/errors';
import type { Db } from '../../platform/db';
import { findQuestion } from './qa.repo';

export interface Where {
  sessionId: string;
  forumId: string;
}

/**
 * Which session and forum a question belongs to. That never changes, so it is cached:
 * votes (the hottest path) then need no extra query to find the question's session.
 */
export class QuestionDirectory {
  private readonly cache = new Map<string, Where>();
  constructor(private readonly db: Db) {}

  remember(questionId: string, where: Where): void {
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(questionId, where);
  }

  /** Throws not_found for an unknown question. */
  async locate(questionId: string): Promise<Where> {
    const hit = this.cache.get(questionId);
    if (hit) return hit;
    const q = await findQuestion(this.db, questionId);
    if (!q) throw new AppError('not_found', 'no such question');
    const where = { sessionId: q.sessionId, forumId: q.forumId };
    this.remember(questionId, where);
    return where;
  }
}
