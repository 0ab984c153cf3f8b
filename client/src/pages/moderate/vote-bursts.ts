import { useEffect, useState } from 'preact/hooks';
import { VoteBursts, type VoteBurst } from '../../../../common/qa.contract';
import { ACK_TIMEOUT_MS, ack, getSocket } from '../../api/socket';

const REFRESH_MS = 15_000;

/**
 * Approved questions whose recent votes came in a burst from few addresses, by id. The server
 * computes it from the votes' networks; the console asks again every 15 s, since a burst is
 * about the last minutes and fades by itself.
 */
export function useVoteBursts(sessionId: string): ReadonlyMap<string, VoteBurst> {
  const [bursts, setBursts] = useState<ReadonlyMap<string, VoteBurst>>(new Map());
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:voteBursts', { sessionId }), VoteBursts);
        if (!stopped) setBursts(new Map(r.bursts.map((b) => [b.questionId, b])));
      } catch {
        // A hint, not the queue: the next round asks again.
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [sessionId]);
  return bursts;
}
