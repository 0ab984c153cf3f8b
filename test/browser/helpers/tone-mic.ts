import type { BrowserContext } from 'playwright-core';

/**
 * A person's microphone as a pure tone, for the browser tests and bench/interpretation-delay.ts:
 * Chromium's fake device beeps the same for everyone, and a tone per person tells the streams
 * apart in what a listener hears. The camera stays the fake camera.
 */
export interface ToneMicOptions {
  hz: number;
  /** The tone's level (peak, 0–1). */
  level: number;
  /**
   * Silent until the page calls `window.__toneMic.pulse()`, which sounds the tone for this
   * long; without it the tone sounds all the time.
   */
  pulseMs?: number;
}

/** What the override leaves on `window` for the test or bench to drive. */
export interface ToneMicHandle {
  /** Sounds one pulse now (pulsed microphones only). */
  pulse(): void;
  /** The tone track the page received from its last getUserMedia with audio. */
  track: MediaStreamTrack | undefined;
}

/** Runs in the page before its scripts (serialised: it may use nothing from outside). */
function toneMicPage(opts: ToneMicOptions): void {
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  let ctx: AudioContext | undefined;
  let gate: GainNode | undefined;
  const handle: ToneMicHandle = {
    pulse() {
      if (!ctx || !gate || opts.pulseMs === undefined) return;
      const t = ctx.currentTime;
      gate.gain.setValueAtTime(opts.level, t);
      gate.gain.setValueAtTime(0, t + opts.pulseMs / 1000);
    },
    track: undefined,
  };
  (window as unknown as { __toneMic: ToneMicHandle }).__toneMic = handle;
  navigator.mediaDevices.getUserMedia = async (c?: MediaStreamConstraints) => {
    const s = await real(c);
    if (!c?.audio) return s;
    ctx ??= new AudioContext({ latencyHint: 'interactive' });
    const osc = ctx.createOscillator();
    osc.frequency.value = opts.hz;
    gate = ctx.createGain();
    gate.gain.value = opts.pulseMs === undefined ? opts.level : 0;
    const out = ctx.createMediaStreamDestination();
    osc.connect(gate).connect(out);
    osc.start();
    for (const t of s.getAudioTracks()) {
      s.removeTrack(t);
      t.stop();
    }
    const track = out.stream.getAudioTracks()[0]!;
    s.addTrack(track);
    handle.track = track;
    return s;
  };
}

/** Makes every page of `context` get the tone instead of the fake microphone. */
export async function toneMic(context: BrowserContext, opts: ToneMicOptions): Promise<void> {
  // As source text, with a no-op `__name`: tsx (the benches) wraps named functions in a helper
  // that pages do not have.
  await context.addInitScript({ content: `(() => { const __name = (f) => f; (${toneMicPage.toString()})(${JSON.stringify(opts)}); })();` });
}
