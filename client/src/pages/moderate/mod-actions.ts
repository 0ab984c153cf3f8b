import { ModQuestionView, PremoderationResult, SpotlightResult, type ModerationAction, type RejectReason } from '../../../../common/qa.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import type { QueueModel } from '../../live/queue-model';

/** Moderation calls for one session. Each success is remembered as the undoable action. */
export class ModActions {
  constructor(
    readonly sessionId: string,
    private readonly queue: QueueModel,
  ) {}

  private done(action: ModerationAction, questionIds: string[]): void {
    this.queue.noteAction({ action, questionIds, at: new Date().toISOString() });
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
    this.done('reject', [questionId]);
  }

  async answered(questionId: string) {
    await ack(this.s.emitWithAck('qa:answered', { questionId }), ModQuestionView);
    this.done('answered', [questionId]);
  }

  async spotlight(questionId: string | null) {
    await ack(this.s.emitWithAck('qa:spotlight', { sessionId: this.sessionId, questionId }), SpotlightResult);
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
    await ack(this.s.emitWithAck('qa:premoderation', { sessionId: this.sessionId, enabled }), PremoderationResult);
    this.done('premoderation', []);
  }

  undo() {
    return this.queue.undo();
  }
}
