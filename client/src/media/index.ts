/**
 * Live video for Birge pages, framework-free, on mediasoup-client and the app's typed socket.
 *
 * ```ts
 * const media = await openMedia(socket, sessionId);          // joins the session's media room
 * // a speaker:
 * const pub = await media.publish({ camera: true, mic: true }); // camera in 3 simulcast layers
 * videoEl.srcObject = pub.preview;                           // mute the element: it is you
 * await pub.mute('mic'); await pub.switchDevice('camera', id); await pub.startScreen(); pub.stop();
 * // anyone watching:
 * const view = await media.watch({ audioOnly: false, preferredLayer: 'auto' });
 * view.on('feeds', (feeds) => render(feeds));                // Feed: source, kind, track, paused, speaker
 * await view.setAudioOnly(true); await view.setPreferredLayer('low'); await view.stats();
 * await view.listen({ channel: 'ru', floorUnder: true });     // a language channel; view.on('listening', …)
 * // an interpreter (booth):
 * const mic = await media.interpret({ lang: 'ru' });          // published off air
 * await mic.setOnAir(true); mic.setMuted(true); mic.setCough(true); mic.on('handedOver', (to) => …);
 * media.on('state', (s) => …);                               // connecting | connected | reconnecting | closed
 * media.on('closed', (why) => …);                            // session_ended | session_cancelled | closed | failed
 * media.close();
 * ```
 *
 * Reconnection is automatic: on `stream:reconnect` (the server replaced a media process), on a
 * socket reconnect, and when ICE fails (first an ICE restart, then a full re-join). Local tracks
 * survive it; the publisher republishes them and the viewer re-consumes, so pages only watch
 * `state` and `feeds`. Every failure is a {@link MediaError} with a `code`.
 */
import { MediaSession } from './media-session';
import type { PublishOptions, Publisher } from './publisher';
import type { MediaSocket } from './signal';
import type { Viewer, WatchOptions } from './viewer';

export type { ChannelMic, ChannelMicOptions } from './channel-mic';
export { MediaSession, type Joined, type MediaCloseReason, type MediaState } from './media-session';
export type { Publisher, PublishOptions } from './publisher';
export { MediaError, type MediaErrorCode, type MediaSocket } from './signal';
export { streamOf, Viewer, type Feed, type ListenChoice, type Listening, type ViewerStats, type WatchOptions } from './viewer';

/** Joins a session's media room; use the result to publish and/or watch. */
export function openMedia(socket: MediaSocket, sessionId: string): Promise<MediaSession> {
  return MediaSession.open(socket, sessionId);
}

/** Watches a session on a media connection of its own; closing the viewer leaves the room. */
export async function watch(socket: MediaSocket, sessionId: string, opts: WatchOptions = {}): Promise<{ session: MediaSession; viewer: Viewer }> {
  const session = await MediaSession.open(socket, sessionId);
  try {
    return { session, viewer: await session.watch(opts) };
  } catch (e) {
    session.close();
    throw e;
  }
}

/** Publishes to a session on a media connection of its own. */
export async function publish(socket: MediaSocket, sessionId: string, opts: PublishOptions = {}): Promise<{ session: MediaSession; publisher: Publisher }> {
  const session = await MediaSession.open(socket, sessionId);
  try {
    return { session, publisher: await session.publish(opts) };
  } catch (e) {
    session.close();
    throw e;
  }
}
