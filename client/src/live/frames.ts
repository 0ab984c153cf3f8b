import { LIVE_SERVER_EVENTS, type LiveFrame, type LiveFrameParts, type LivePartKey } from '../../../common/live.contract';
import { onPush } from '../api/push';
import { getSocket } from '../api/socket';

type Part<K extends LivePartKey> = NonNullable<LiveFrameParts[K]>;
type Handler = (part: never) => void;

/** `<key> <sessionId>` → the page parts listening to it. */
const handlers = new Map<string, Set<Handler>>();
let listening = false;

// A frame that does not match the contract is dropped whole (onPush); the Q&A sees a version gap and resyncs.
function dispatch(frame: LiveFrame): void {
  const { sessionId, ...parts } = frame;
  for (const key of Object.keys(parts) as LivePartKey[]) {
    const part = parts[key];
    const set = part === undefined ? undefined : handlers.get(`${key} ${sessionId}`);
    if (set) for (const fn of [...set]) (fn as (p: typeof part) => void)(part);
  }
}

/**
 * Calls `fn` with a domain's part of every `live:frame` of a session (see
 * common/live.contract.ts). One socket listener serves every part and page. Returns the
 * unsubscribe function for the page's cleanup.
 */
export function onFramePart<K extends LivePartKey>(key: K, sessionId: string, fn: (part: Part<K>) => void): () => void {
  if (!listening) {
    onPush(getSocket(), LIVE_SERVER_EVENTS, 'live:frame', dispatch);
    listening = true;
  }
  const id = `${key} ${sessionId}`;
  let set = handlers.get(id);
  if (!set) handlers.set(id, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (!set.size) handlers.delete(id);
  };
}
