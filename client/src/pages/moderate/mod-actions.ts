import { z } from 'zod';
import { ModQuestionView, type ModerationAction, type RejectReason } from '../../../../common/qa.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import { Store } from '../../state/store';
import type { QueueModel } from '../../live/queue-model';

export interface ActivityEntry {
  at: string;
  action: ModerationAction | 'undo';
  questionIds: string[];
  detail?: string;
}

/**
 * Moderation calls for one session. Each success is remembered as the undoable action
 * and written to this console's activity list.
 */
export class ModActions {
  readonly activity = new Store<ActivityEntry[]>([]);

  constructor(
    readonly sessionId: string,
    private readonly queue: QueueModel,
  ) {}

  private done(action: ModerationAction, questionIds: string[], detail?: string): void {
    const at = new Date().toISOString();
    this.queue.noteAction({ action, questionIds, at });
    this.activity.update((list) => [{ at, action, questionIds, ...(detail ? { detail } : {}) }, ...list].slice(0, 200));
  }

  private get s() {
    return getSocket().timeout(ACK_TIMEOUT_MS);
  }

  async approve(questionId: string) {
    await ack(this.s.emitWithAck('qa:approve', { questionId }), ModQuestionView);
    this.done('approve', [questionId]);
  }

  async reject(questionId: string, reason: RejectReason, note?: string) {
    await ack(this.s.emitWithAck('qa:reject', { questionId, reason, ...(note ? { note } : {}) }), ModQuestionView);
    this.done('reject', [questionId], reason);
  }

  async answered(questionId: string) {
    await ack(this.s.emitWithAck('qa:answered', { questionId }), ModQuestionView);
    this.done('answered', [questionId]);
  }

  async spotlight(questionId: string | null) {
    await ack(this.s.emitWithAck('qa:spotlight', { sessionId: this.sessionId, questionId }), z.object({ questionId: z.string().nullable() }));
    this.done('spotlight', questionId ? [questionId] : []);
  }

  async merge(sourceIds: string[], targetId: string) {
    await ack(this.s.emitWithAck('qa:merge', { sourceIds, targetId }), ModQuestionView);
    this.done('merge', [...sourceIds, targetId]);
  }

  async edit(questionId: string, text: string) {
    await ack(this.s.emitWithAck('qa:edit', { questionId, text }), ModQuestionView);
    this.done('edit', [questionId]);
  }

  async premoderation(enabled: boolean) {
    await ack(this.s.emitWithAck('qa:premoderation', { sessionId: this.sessionId, enabled }), z.object({ enabled: z.boolean() }));
    this.done('premoderation', [], enabled ? 'on' : 'off');
  }

  async undo() {
    const r = await this.queue.undo();
    this.activity.update((list) => [{ at: new Date().toISOString(), action: 'undo' as const, questionIds: r.questionIds, detail: r.undone }, ...list].slice(0, 200));
    return r;
  }
}
