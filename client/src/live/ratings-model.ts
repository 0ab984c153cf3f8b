import { MyRatings, Rated, type RatingValue, type RatingWindow } from '../../../common/ratings.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';

export interface RatingsState {
  ready: boolean;
  window: RatingWindow | null;
  mine: ReadonlyMap<string, RatingValue>;
}

/** The caller's agree / disagree / pass on a session's recommendations, and whether rating is open. */
export class RatingsModel {
  readonly state = new Store<RatingsState>({ ready: false, window: null, mine: new Map() });

  constructor(readonly sessionId: string) {}

  async load(): Promise<void> {
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('ratings:mine', { sessionId: this.sessionId }), MyRatings);
    this.state.set({ ready: true, window: r.window, mine: new Map(r.ratings.map((x) => [x.recommendationId, x.value])) });
  }

  /** Stored on the server before the answer arrives; the view changes only then. */
  async rate(recommendationId: string, value: RatingValue): Promise<void> {
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('ratings:rate', { recommendationId, value }), Rated);
    const s = this.state.get();
    this.state.set({ ...s, mine: new Map(s.mine).set(r.recommendationId, r.value) });
  }
}
