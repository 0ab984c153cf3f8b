import { PollDefinition, PollDeleted, PollsSnapshot, VoteResult, type CreatePollInput, type PollResults, type PollView } from '../../../common/polls.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';
import { onFramePart } from './frames';

export interface PollsState {
  ready: boolean;
  /** In poll order. */
  polls: readonly PollView[];
}

/** Until its first reading, a poll just seen has no votes; hidden counts stay hidden. */
const zeroes = (d: PollDefinition): PollResults['counts'] => (d.hideResults && d.state !== 'closed' ? null : d.options.map(() => 0));

/** Whether a reading replaces the one held (common/polls.contract.ts): a higher seq, or the same seq with counts. */
const newer = (had: PollResults, r: PollResults) => r.seq > had.seq || (r.seq === had.seq && had.counts === null && r.counts !== null);

/**
 * A session's polls kept in step with the server: the list on every join, then the `polls`
 * part of each live frame (definitions by version, results by seq, deleted drafts).
 */
export class PollsModel {
  readonly state = new Store<PollsState>({ ready: false, polls: [] });
  #detach: (() => void) | undefined;

  constructor(readonly sessionId: string) {}

  attach(): void {
    this.#detach = onFramePart('polls', this.sessionId, (part) => {
      this.state.update((st) => {
        const byId = new Map(st.polls.map((p) => [p.id, p]));
        for (const d of part.polls ?? []) {
          const had = byId.get(d.id);
          if (had && had.version >= d.version) continue;
          byId.set(d.id, had ? { ...had, ...d } : { ...d, results: { pollId: d.id, seq: 0, voters: 0, counts: zeroes(d) }, myChoices: null });
        }
        for (const r of part.results ?? []) {
          const had = byId.get(r.pollId);
          if (had && newer(had.results, r)) byId.set(r.pollId, { ...had, results: r });
        }
        for (const id of part.removed ?? []) byId.delete(id);
        return { ...st, polls: [...byId.values()].sort((a, b) => a.number - b.number) };
      });
    });
  }

  detach(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  /** After joining the session room: the polls as the caller may see them. */
  async resync(): Promise<void> {
    const snap = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:list', { sessionId: this.sessionId }), PollsSnapshot);
    this.state.set({ ready: true, polls: snap.polls });
  }

  async vote(pollId: string, choices: number[]): Promise<void> {
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:vote', { pollId, choices }), VoteResult);
    this.#patch(pollId, { myChoices: r.choices });
  }

  async create(input: Omit<CreatePollInput, 'sessionId'>): Promise<void> {
    this.#upsert(await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:create', { ...input, sessionId: this.sessionId }), PollDefinition));
  }

  async open(pollId: string): Promise<void> {
    this.#upsert(await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:open', { pollId }), PollDefinition));
  }

  async close(pollId: string): Promise<void> {
    this.#upsert(await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:close', { pollId }), PollDefinition));
  }

  async remove(pollId: string): Promise<void> {
    await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('poll:delete', { pollId }), PollDeleted);
    this.state.update((st) => ({ ...st, polls: st.polls.filter((p) => p.id !== pollId) }));
  }

  /** The ack's definition, unless a frame brought a newer one first. */
  #upsert(d: PollDefinition): void {
    this.state.update((st) => {
      const had = st.polls.find((p) => p.id === d.id);
      if (had && had.version >= d.version) return st;
      const next: PollView = had ? { ...had, ...d } : { ...d, results: { pollId: d.id, seq: 0, voters: 0, counts: d.options.map(() => 0) }, myChoices: null };
      return { ...st, polls: [...st.polls.filter((p) => p.id !== d.id), next].sort((a, b) => a.number - b.number) };
    });
  }

  #patch(pollId: string, patch: Partial<PollView>): void {
    this.state.update((st) => ({ ...st, polls: st.polls.map((p) => (p.id === pollId ? { ...p, ...patch } : p)) }));
  }
}
