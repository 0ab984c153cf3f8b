import { RECS_ROUTES, RECS_SERVER_EVENTS, type CompileRevisionView, WatchedCompiles, type CompileProgress } from '../../../common/recs.contract';
import { onPush } from '../api/push';
import { http } from '../api/http';
import { ack, ACK_TIMEOUT_MS, getSocket, whileConnected } from '../api/socket';
import { Store } from '../state/store';

export interface CompilesState {
  ready: boolean;
  revisions: CompileRevisionView[];
  /** Live progress of running jobs, by {@link progressKey}. */
  progress: ReadonlyMap<string, CompileProgress>;
  error: unknown;
}

export const progressKey = (r: { scope: string; sessionId: string | null; revision: number }) => `${r.scope}:${r.sessionId ?? '-'}:${r.revision}`;

/** The newest revision per target (a session, or the forum-wide set). */
export function latestBy(revisions: CompileRevisionView[], sessionId: string | null): CompileRevisionView | undefined {
  return revisions.filter((r) => r.sessionId === sessionId && (sessionId !== null || r.scope === 'forum')).sort((a, b) => b.revision - a.revision)[0];
}

/**
 * A forum's compilations for its organizers: the list from HTTP, progress pushed by the
 * worker while jobs run, and a reload when a job finishes (for its downloads).
 */
export class CompilesModel {
  readonly state = new Store<CompilesState>({ ready: false, revisions: [], progress: new Map(), error: undefined });
  private offs: (() => void)[] = [];

  constructor(readonly forumId: string) {}

  attach(): void {
    const s = getSocket();
    const onProgress = (p: CompileProgress) => {
      if (p.forumId !== this.forumId) return;
      const st = this.state.get();
      const progress = new Map(st.progress);
      progress.set(progressKey(p), p);
      this.state.set({ ...st, progress });
      if (p.state === 'completed' || p.state === 'failed') void this.reload();
    };

    const stop = whileConnected((_s, why) => {
      if (why !== 'recovered') void this.watch();
    });
    this.offs = [onPush(s, RECS_SERVER_EVENTS, 'recs:compileProgress', onProgress), stop];
  }

  detach(): void {
    for (const f of this.offs) f();
    this.offs = [];
  }

  /** Subscribes this connection to the forum's progress events (again after a reconnect). */
  private async watch(): Promise<void> {
    try {
      await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('recs:watchCompiles', { forumId: this.forumId }), WatchedCompiles);
      await this.reload();
    } catch (error) {
      this.state.set({ ...this.state.get(), error });
    }
  }

  async reload(): Promise<void> {
    try {
      const revisions = await http.call(RECS_ROUTES.overview, { params: { forumId: this.forumId } });
      this.state.set({ ...this.state.get(), ready: true, revisions, error: undefined });
    } catch (error) {
      this.state.set({ ...this.state.get(), ready: true, error });
    }
  }

  /** Puts a fresh revision in the list at once (the server answers 202 with it). */
  upsert(r: CompileRevisionView): void {
    const st = this.state.get();
    const revisions = [r, ...st.revisions.filter((x) => progressKey(x) !== progressKey(r))];
    this.state.set({ ...st, revisions });
  }
}
