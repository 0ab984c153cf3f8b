import { BROADCAST_ROUTES, type ReplayListItem } from '../../../common/broadcast.contract';
import { http } from '../api/http';
import { useAsync } from '../state/use-async';

const cache = new Map<string, { at: number; list: Promise<ReplayListItem[]> }>();
const CACHE_MS = 60_000;

/** Sessions of a forum whose recording can be watched (one request per forum, shared by its cards). */
export function useReplays(forumId: string, enabled: boolean): ReadonlySet<string> {
  const list = useAsync(async () => {
    if (!enabled) return [];
    let hit = cache.get(forumId);
    if (!hit || Date.now() - hit.at > CACHE_MS) {
      hit = { at: Date.now(), list: http.call(BROADCAST_ROUTES.replays, { params: { forumId } }) };
      hit.list.catch(() => cache.delete(forumId));
      cache.set(forumId, hit);
    }
    return hit.list;
  }, [forumId, enabled]);
  return new Set(list.status === 'ready' ? list.data.map((r) => r.sessionId) : []);
}
