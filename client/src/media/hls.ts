/**
 * The standard stream: HLS in a <video>, with hls.js where the browser has Media Source
 * Extensions and the browser's own player where it plays HLS natively (Safari, iOS).
 * This module (and hls.js with it) is loaded only when a page plays HLS.
 */
import Hls from 'hls.js';

export interface HlsPlayback {
  /** How far the picture on screen is behind real time (ms), once known. */
  delayMs(): number | undefined;
  seek(seconds: number): void;
  destroy(): void;
}

export class HlsUnsupported extends Error {
  override readonly name = 'HlsUnsupported';
}

/**
 * Plays `url` into `video`. `clockOffsetMs` is server time minus local time (segment dates
 * are the server's clock). `onFatal` hears unrecoverable errors (the caller may retry).
 */
export function playHls(video: HTMLVideoElement, url: string, opts: { live: boolean; clockOffsetMs?: number; onFatal?: (e: Error) => void }): HlsPlayback {
  const offset = opts.clockOffsetMs ?? 0;
  const lag = (date: Date | null | undefined) => (date && !Number.isNaN(date.getTime()) ? Date.now() + offset - date.getTime() : undefined);
  if (!Hls.isSupported()) {
    if (!video.canPlayType('application/vnd.apple.mpegurl')) throw new HlsUnsupported('no HLS playback in this browser');
    video.src = url;
    void video.play().catch(() => undefined);
    const start = video as HTMLVideoElement & { getStartDate?: () => Date };
    return {
      delayMs: () => lag(start.getStartDate ? new Date(start.getStartDate().getTime() + video.currentTime * 1000) : undefined),
      seek: (s) => void (video.currentTime = s),
      destroy: () => {
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  // Live: play 3 s behind the newest segment's end, one segment and a second to spare for a late
  // one. The playlist is reloaded blocking (`_HLS_msn`, LL-HLS delivery directives, which hls.js
  // sends in low-latency mode), so a segment is heard of as soon as the server lists it. Behind
  // that (a slow start, a stall) it plays up to 1.2× fast, pitch kept, until it is back.
  const hls = new Hls(opts.live ? { lowLatencyMode: true, liveSyncDuration: 3, liveMaxLatencyDuration: 8, maxLiveSyncPlaybackRate: 1.2, enableWorker: false } : { enableWorker: false });
  let recoveries = 0;
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (!data.fatal) return;
    if (recoveries++ < 5) {
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else hls.startLoad();
      return;
    }
    opts.onFatal?.(new Error(`${data.type}: ${data.details}`));
  });
  hls.on(Hls.Events.FRAG_BUFFERED, () => (recoveries = 0));
  hls.loadSource(url);
  hls.attachMedia(video);
  hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
  return {
    delayMs: () => lag(hls.playingDate),
    seek: (s) => void (video.currentTime = s),
    destroy: () => hls.destroy(),
  };
}
