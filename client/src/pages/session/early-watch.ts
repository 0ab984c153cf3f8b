import { getSocket } from '../../api/socket';
import { watch } from '../../media';
import { mark } from '../../state/timeline';
import { readListenPrefs, readPrefs } from './player-prefs';

export type Watching = Awaited<ReturnType<typeof watch>>;
const early = new Map<string, Promise<Watching>>();

/**
 * Starts receiving a session's broadcast before the page knows whether it is live, so the
 * media handshake overlaps loading the page's code and data instead of following them. The
 * boot code calls it for a session page's URL, before the page's chunk has arrived. The
 * player takes it over; if it is never claimed (the session was not live, or the page closed
 * first), {@link dropEarlyWatch} releases it.
 */
export function watchEarly(sessionId: string): void {
  if (early.has(sessionId)) return;
  const prefs = readPrefs();
  const listen = readListenPrefs();
  mark('watch-start');
  const p = watch(getSocket(), sessionId, { audioOnly: prefs.audioOnly, preferredLayer: prefs.layer, listen: { channel: listen.channel, floorUnder: listen.floorUnder } });
  p.catch(() => early.get(sessionId) === p && early.delete(sessionId));
  early.set(sessionId, p);
}

/** Hands the early watch (if any) to the player, which then owns it. */
export function claimEarly(sessionId: string): Promise<Watching> | undefined {
  const p = early.get(sessionId);
  early.delete(sessionId);
  return p;
}

export function dropEarlyWatch(sessionId: string): void {
  claimEarly(sessionId)?.then(
    (w) => {
      w.viewer.close();
      w.session.close();
    },
    () => undefined,
  );
}
