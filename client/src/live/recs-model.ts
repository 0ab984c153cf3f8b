import type { Lang } from '../../../common/base';
import { Endorsed, RECS_SERVER_EVENTS, RecList, RecView } from '../../../common/recs.contract';
import { onPush } from '../api/push';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';

export interface RecsState {
  ready: boolean;
  items: ReadonlyMap<string, RecView>;
  endorsed: ReadonlySet<string>;
  canModerate: boolean;
}


const EMPTY: RecsState = { ready: false, items: new Map(), endorsed: new Set(), canModerate: false };

/** Open recommendations, most endorsed first, then oldest first. */
export function openRecs(s: RecsState): RecView[] {
  return [...s.items.values()].filter((r) => r.state === 'open').sort((a, b) => b.endorsements - a.endorsements || a.createdAt.localeCompare(b.createdAt));
}

/** A session's recommendations: the list, live additions and support counts. */
export class RecsModel {
  readonly state = new Store<RecsState>(EMPTY);
  private detachFns: (() => void)[] = [];

  constructor(readonly sessionId: string) {}

  attach(): void {
    const s = getSocket();
    const onUpsert = (r: RecView) => r.sessionId === this.sessionId && this.upsert(r);
    this.detachFns = [
      onPush(s, RECS_SERVER_EVENTS, 'recs:created', onUpsert),
      onPush(s, RECS_SERVER_EVENTS, 'recs:updated', onUpsert),
      onPush(s, RECS_SERVER_EVENTS, 'recs:removed', (r) => r.sessionId === this.sessionId && this.remove(r.id)),
      onPush(s, RECS_SERVER_EVENTS, 'recs:support', (r) => r.sessionId === this.sessionId && this.setSupport(r.id, r.endorsements)),
    ];
  }

  detach(): void {
    for (const f of this.detachFns) f();
    this.detachFns = [];
  }

  /** Reads the list (this also subscribes the connection to its updates). */
  async resync(): Promise<void> {
    const list = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('recs:list', { sessionId: this.sessionId }), RecList);
    this.state.set({ ready: true, items: new Map(list.items.map((r) => [r.id, r])), endorsed: new Set(list.endorsed), canModerate: list.canModerate });
  }

  async submit(text: string, lang: Lang, addressee: string | null): Promise<RecView> {
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('recs:submit', { sessionId: this.sessionId, text, lang, addressee }), RecView);
    this.upsert(r);
    return r;
  }

  async toggleEndorse(id: string): Promise<void> {
    const had = this.state.get().endorsed.has(id);
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('recs:endorse', { recommendationId: id, endorse: !had }), Endorsed);
    const s = this.state.get();
    const endorsed = new Set(s.endorsed);
    if (r.endorsed) endorsed.add(r.id);
    else endorsed.delete(r.id);
    this.state.set({ ...s, endorsed });
    this.setSupport(r.id, r.endorsements);
  }

  /** Moderators: a draft recommendation from a question (with the speaker's answer, if given). */
  async promote(input: { questionId: string; text: string; answer?: string; addressee: string | null }): Promise<RecView> {
    const r = await ack(
      getSocket()
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('recs:promote', { questionId: input.questionId, text: input.text, addressee: input.addressee, ...(input.answer ? { answer: input.answer } : {}) }),
      RecView,
    );
    this.upsert(r);
    return r;
  }

  /** Moderators: open a draft, hide an item, or bring a hidden one back. */
  async setState(id: string, state: 'draft' | 'open' | 'hidden'): Promise<void> {
    this.upsert(await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('recs:setState', { recommendationId: id, state }), RecView));
  }

  private upsert(r: RecView): void {
    const s = this.state.get();
    const old = s.items.get(r.id);
    // Broadcasts and acks can cross; the newer edit wins.
    if (old && old.updatedAt > r.updatedAt) return;
    const items = new Map(s.items);
    items.set(r.id, r);
    this.state.set({ ...s, items });
  }

  private remove(id: string): void {
    const s = this.state.get();
    // Moderators keep hidden and merged items; `recs:updated` tells them the new state.
    if (s.canModerate || !s.items.has(id)) return;
    const items = new Map(s.items);
    items.delete(id);
    this.state.set({ ...s, items });
  }

  private setSupport(id: string, endorsements: number): void {
    const s = this.state.get();
    const r = s.items.get(id);
    if (!r) return;
    const items = new Map(s.items);
    items.set(id, { ...r, endorsements });
    this.state.set({ ...s, items });
  }
}
