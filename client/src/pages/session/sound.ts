import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** How loud the floor stays under an interpretation when the listener keeps it. */
export const FLOOR_UNDER_GAIN = 0.15;

/**
 * Plays `main` (the floor, or the chosen channel) on the audio element, with `under` mixed in
 * quietly when given; the mix is made in the browser, so the server sends each stream once.
 * Reports whether the browser refused sound until the visitor touches the page.
 */
export function useSound(ref: RefObject<HTMLAudioElement | null>, main: readonly MediaStreamTrack[], under: readonly MediaStreamTrack[], onBlocked: (blocked: boolean) => void): void {
  const key = `${main.map((t) => t.id).join()}|${under.map((t) => t.id).join()}`;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let ctx: AudioContext | undefined;
    const holders: HTMLAudioElement[] = [];
    if (!under.length || typeof AudioContext === 'undefined') {
      el.srcObject = main.length ? new MediaStream([...main, ...under]) : null;
    } else {
      const mix = new AudioContext();
      ctx = mix;
      const out = mix.createMediaStreamDestination();
      const add = (track: MediaStreamTrack, gain: number) => {
        const g = mix.createGain();
        g.gain.value = gain;
        mix.createMediaStreamSource(new MediaStream([track])).connect(g).connect(out);
        // Chromium feeds a remote WebRTC track to WebAudio only while a media element plays it.
        const holder = new Audio();
        holder.muted = true;
        holder.srcObject = new MediaStream([track]);
        void holder.play().catch(() => undefined);
        holders.push(holder);
      };
      for (const t of main) add(t, 1);
      for (const t of under) add(t, FLOOR_UNDER_GAIN);
      el.srcObject = out.stream;
      void mix.resume().catch(() => undefined);
    }
    if (el.srcObject) {
      // Browsers refuse sound before the visitor has touched the page; then we ask for a tap.
      el.muted = false;
      el.play().then(
        () => onBlocked(false),
        () => {
          el.muted = true;
          void el.play().catch(() => undefined);
          onBlocked(true);
        },
      );
    }
    return () => {
      for (const h of holders) h.srcObject = null;
      void ctx?.close().catch(() => undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the tracks' ids: feed objects are new on every update
  }, [key]);
}
